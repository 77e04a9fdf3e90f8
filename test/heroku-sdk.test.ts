/**
 * Checks the hand-written SDK in sdks/heroku against the provider's Pulumi schema: declarations through the
 * TypeScript compiler API, runtime behaviour under Pulumi mocks.
 * Options are observed through a stack transformation: resource options never reach Pulumi's mocks.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import type * as Sdk from "../sdks/heroku";
import { outputValue } from "../lib/offline";
import type * as SdkUtilities from "../sdks/heroku/utilities";

const SCHEMA_PATH = process.env.HEROKU_PROVIDER_SCHEMA;
const SKIP_REASON = "skipped: set HEROKU_PROVIDER_SCHEMA to the output of `pulumi package get-schema heroku@1.0.4`";

const EXPECTED_VERSION = "1.0.4";
const EXPECTED_DOWNLOAD_URL = "github://api.github.com/pulumiverse";
const RESOURCE_TOKENS = [
    "heroku:addon/addon:Addon",
    "heroku:app/app:App",
    "heroku:app/configAssociation:ConfigAssociation",
    "heroku:app/feature:Feature",
    "heroku:domain/domain:Domain",
    "heroku:drain/drain:Drain",
    "heroku:formation/formation:Formation",
    "heroku:pipeline/coupling:Coupling",
    "heroku:pipeline/pipeline:Pipeline",
    "heroku:ssl/ssl:Ssl",
] as const;
/** Secret although the schema does not flag it. */
const PROVIDER_EXTRA_SECRETS = ["apiKey"];
/** How a secret input reaches the mocks (the runtime's `specialSigKey` / `specialSecretSig`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const REPO_ROOT = path.resolve(__dirname, "..");
const SDK_INDEX = path.join(REPO_ROOT, "sdks", "heroku", "index.ts");

// ---- schema ----

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    secret?: boolean;
}
interface SchemaObject {
    properties: Record<string, SchemaProperty>;
    required?: string[];
    language?: { nodejs?: { requiredOutputs?: string[] } };
}
interface SchemaResource {
    properties: Record<string, SchemaProperty>;
    required?: string[];
    inputProperties: Record<string, SchemaProperty>;
    requiredInputs?: string[];
    stateInputs?: SchemaObject;
}
interface PackageSchema {
    name: string;
    pluginDownloadURL: string;
    provider: SchemaResource;
    resources: Record<string, SchemaResource>;
    types: Record<string, SchemaObject>;
}

const sorted = (names: Iterable<string>) => [...names].sort();
const secretNames = (props: Record<string, SchemaProperty>) => sorted(Object.keys(props).filter((n) => props[n].secret));

/** `heroku:app/app:App` → module `app`, class `App`. */
function parseToken(token: string): { module: string; name: string } {
    const match = /^heroku:([A-Za-z]+)\/[A-Za-z]+:([A-Za-z]+)$/.exec(token);
    if (!match) throw new Error(`unexpected token ${token}`);
    return { module: match[1], name: match[2] };
}

/** `#/types/heroku:app/AppOrganization:AppOrganization` → the type's path below `types.input` / `types.output`. */
function refPath(ref: string): string[] {
    const { module, name } = parseToken(ref.replace(/^#\/types\//, ""));
    return module === "index" ? [name] : [module, name];
}

function collectRefs(p: SchemaProperty): string[] {
    if (p.$ref) return [p.$ref];
    if (p.items) return collectRefs(p.items);
    if (p.additionalProperties) return collectRefs(p.additionalProperties);
    return [];
}

/** TypeScript for a schema type, in the spelling the SDK uses (whitespace-free). */
function inputTypeText(p: SchemaProperty): string {
    return `pulumi.Input<${plainTypeText(p, "inputs", inputTypeText)}>`;
}
function outputTypeText(p: SchemaProperty): string {
    return plainTypeText(p, "outputs", outputTypeText);
}
function plainTypeText(p: SchemaProperty, ns: string, element: (p: SchemaProperty) => string): string {
    if (p.$ref) return [ns, ...refPath(p.$ref)].join(".");
    switch (p.type) {
        case "string":
        case "boolean":
            return p.type;
        case "integer":
        case "number":
            return "number";
        case "array":
            return `${element(p.items!)}[]`;
        case "object":
            return `{[key:string]:${element(p.additionalProperties!)}}`;
    }
    throw new Error(`unsupported schema type ${JSON.stringify(p)}`);
}

// ---- declarations, via the TypeScript compiler ----

interface Member {
    name: string;
    optional: boolean;
    type: string;
    doc: string;
    refs: ts.Symbol[];
    modifiers: string[];
}

const normalize = (text: string) => text.replace(/\s+/g, "").replace(/;}/g, "}");

class Declarations {
    readonly program: ts.Program;
    readonly checker: ts.TypeChecker;
    private readonly root: ts.Symbol;

    constructor() {
        const { config } = ts.readConfigFile(path.join(REPO_ROOT, "tsconfig.json"), ts.sys.readFile);
        const { options } = ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT);
        this.program = ts.createProgram({ rootNames: [SDK_INDEX], options });
        this.checker = this.program.getTypeChecker();
        this.root = this.checker.getSymbolAtLocation(this.program.getSourceFile(SDK_INDEX)!)!;
    }

    /** Follows `heroku.<a>.<b>…` through the SDK's exports, as a caller would. */
    resolve(exportPath: readonly string[]): ts.Symbol {
        let current = this.root;
        for (const segment of exportPath) {
            const next = this.checker.getExportsOfModule(current).find((s) => s.name === segment);
            if (!next) throw new Error(`sdks/heroku exports no ${exportPath.join(".")}`);
            current = this.unalias(next);
        }
        return current;
    }

    exportNames(exportPath: readonly string[]): string[] {
        return sorted(this.checker.getExportsOfModule(this.resolve(exportPath)).map((s) => s.name));
    }

    /** Properties of an exported interface, inherited ones included. */
    interfaceMembers(exportPath: readonly string[]): Member[] {
        const symbol = this.resolve(exportPath);
        if (!(symbol.flags & ts.SymbolFlags.Interface)) throw new Error(`${exportPath.join(".")} is not an interface`);
        const type = this.checker.getDeclaredTypeOfSymbol(symbol);
        expect(this.checker.getIndexInfosOfType(type), `${exportPath.join(".")} has an index signature`).toEqual([]);
        return this.checker.getPropertiesOfType(type).map((p) => {
            const decl = p.valueDeclaration;
            if (!decl || !ts.isPropertySignature(decl) || !decl.type) throw new Error(`${exportPath.join(".")}.${p.name} is not a typed property`);
            return this.member(p, decl, decl.type, decl.questionToken !== undefined);
        });
    }

    /** Instance properties the class itself declares (the outputs). */
    classProperties(exportPath: readonly string[]): Member[] {
        const decl = this.classDeclaration(exportPath);
        return decl.members.filter(ts.isPropertyDeclaration).filter((m) => !this.modifiers(m).includes("static")).map((m) => {
            if (!m.type) throw new Error(`${exportPath.join(".")}.${m.name.getText()} has no type annotation`);
            return this.member(this.checker.getSymbolAtLocation(m.name)!, m, m.type, m.questionToken !== undefined);
        });
    }

    /** Public construct signatures of the class, each as `name?:type` parameter texts. */
    constructSignatures(exportPath: readonly string[]): string[][] {
        const type = this.checker.getTypeOfSymbol(this.resolve(exportPath));
        return this.checker.getSignaturesOfType(type, ts.SignatureKind.Construct).map((s) => this.parameters(s));
    }

    /** Signatures of a static method, parameters then return type. */
    staticMethod(exportPath: readonly string[], method: string): { parameters: string[]; returns: string }[] {
        const type = this.checker.getTypeOfSymbol(this.resolve(exportPath));
        const symbol = this.checker.getPropertyOfType(type, method);
        if (!symbol) return [];
        return this.checker.getSignaturesOfType(this.checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call).map((s) => ({
            parameters: this.parameters(s),
            returns: normalize((s.getDeclaration() as ts.MethodDeclaration).type?.getText() ?? "<inferred>"),
        }));
    }

    /** The interface symbol a parameter's type annotation names. */
    parameterTypeSymbol(exportPath: readonly string[], kind: "construct" | "get", index: number): ts.Symbol | undefined {
        const type = this.checker.getTypeOfSymbol(this.resolve(exportPath));
        const signature =
            kind === "construct"
                ? this.checker.getSignaturesOfType(type, ts.SignatureKind.Construct)[0]
                : this.checker.getSignaturesOfType(this.checker.getTypeOfSymbol(this.checker.getPropertyOfType(type, "get")!), ts.SignatureKind.Call)[0];
        const decl = signature.getParameters()[index].valueDeclaration as ts.ParameterDeclaration;
        return this.checker.getTypeFromTypeNode(decl.type!).aliasSymbol ?? this.checker.getTypeFromTypeNode(decl.type!).getSymbol();
    }

    sdkDiagnostics(): string[] {
        return ts
            .getPreEmitDiagnostics(this.program)
            .filter((d) => d.file?.fileName.includes("/sdks/heroku/"))
            .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }

    private classDeclaration(exportPath: readonly string[]): ts.ClassDeclaration {
        const decl = this.resolve(exportPath).declarations?.find(ts.isClassDeclaration);
        if (!decl) throw new Error(`${exportPath.join(".")} is not a class`);
        return decl;
    }

    private member(symbol: ts.Symbol, decl: ts.Declaration, typeNode: ts.TypeNode, optional: boolean): Member {
        return {
            name: symbol.name,
            optional,
            type: normalize(typeNode.getText()),
            doc: ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim(),
            refs: this.referencedTypes(typeNode),
            modifiers: this.modifiers(decl),
        };
    }

    private parameters(signature: ts.Signature): string[] {
        return signature.getParameters().map((p) => {
            const decl = p.valueDeclaration as ts.ParameterDeclaration;
            return `${p.name}${decl.questionToken ? "?" : ""}:${normalize(decl.type?.getText() ?? "<untyped>")}`;
        });
    }

    private modifiers(node: ts.Node): string[] {
        return (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).map((m) => ts.tokenToString(m.kind) ?? "?");
    }

    /** Symbols of the non-Pulumi types a type annotation refers to (the nested object types). */
    private referencedTypes(node: ts.TypeNode): ts.Symbol[] {
        const found: ts.Symbol[] = [];
        const visit = (n: ts.Node) => {
            if (ts.isTypeReferenceNode(n)) {
                const symbol = this.unalias(this.checker.getSymbolAtLocation(n.typeName)!);
                const fromPulumi = symbol.declarations?.some((d) => d.getSourceFile().fileName.includes("/node_modules/@pulumi/pulumi/"));
                if (!fromPulumi) found.push(symbol);
            }
            ts.forEachChild(n, visit);
        };
        visit(node);
        return found;
    }

    private unalias(symbol: ts.Symbol): ts.Symbol {
        return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    }
}

// ---- runtime, under Pulumi mocks ----

interface Transformed {
    type: string;
    name: string;
    props: Record<string, unknown>;
    opts: pulumi.CustomResourceOptions;
}
interface ResourceClass {
    new (name: string, args: object, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
    get(name: string, id: string, state?: object, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
    isInstance(obj: unknown): boolean;
    readonly __pulumiType: string;
}

const registrations: pulumi.runtime.MockResourceArgs[] = [];
const transformed: Transformed[] = [];

const valueOf = outputValue;
const secretOf = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

function only<T extends { type: string; name: string }>(list: T[], type: string, name: string): T {
    const matches = list.filter((r) => r.type === type && r.name === name);
    expect(matches, `${type} ${name} seen once`).toHaveLength(1);
    return matches[0];
}

function thrownMessage(fn: () => unknown): string | undefined {
    try {
        fn();
    } catch (err) {
        return (err as Error).message;
    }
    return undefined;
}

describe.skipIf(!SCHEMA_PATH)("sdks/heroku matches the heroku provider schema", () => {
    let schema: PackageSchema;
    let heroku: typeof Sdk;
    let utilities: typeof SdkUtilities;
    let declarations: Declarations;

    /** A distinct value of the schema type for every property, so a mix-up between two properties shows. */
    function sample(p: SchemaProperty, label: string): unknown {
        if (p.$ref) {
            const object = schema.types[p.$ref.replace(/^#\/types\//, "")];
            return Object.fromEntries(Object.entries(object.properties).map(([k, v]) => [k, sample(v, `${label}.${k}`)]));
        }
        switch (p.type) {
            case "string":
                return `${label}-value`;
            case "boolean":
                return label.length % 2 === 0;
            case "integer":
            case "number":
                return label.length;
            case "array":
                return [sample(p.items!, `${label}[0]`), sample(p.items!, `${label}[1]`)];
            case "object":
                return { [`${label}-key`]: sample(p.additionalProperties!, `${label}.key`) };
        }
        throw new Error(`unsupported schema type ${JSON.stringify(p)}`);
    }
    const samples = (props: Record<string, SchemaProperty>, names: readonly string[]) =>
        Object.fromEntries(names.map((n) => [n, sample(props[n], n)]));

    beforeAll(async () => {
        schema = JSON.parse(readFileSync(SCHEMA_PATH!, "utf8")) as PackageSchema;
        await pulumi.runtime.setMocks(
            {
                // Echo the inputs (secrets stay secret) and fill in output-only properties, as the engine would.
                newResource: (args) => {
                    registrations.push(args);
                    const resource = schema.resources[args.type];
                    const computed = resource ? samples(resource.properties, Object.keys(resource.properties)) : {};
                    return { id: args.id || `${args.name}-id`, state: { ...computed, ...args.inputs } };
                },
                call: (args) => args.inputs,
            },
            "heroku-sdk-test",
            "test",
            false,
        );
        heroku = await import("../sdks/heroku/index.js");
        utilities = await import("../sdks/heroku/utilities.js");
        // Resource options never reach the mocks; a stack transformation sees them.
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((a) => {
                transformed.push({ type: a.type, name: a.name, props: { ...a.props }, opts: { ...a.opts } });
                return undefined;
            });
            return {};
        });
        declarations = new Declarations();
    });

    it("the SDK type-checks", () => {
        expect(declarations.sdkDiagnostics()).toEqual([]);
    });

    it("asks for provider plugin 1.0.4 from the schema's pluginDownloadURL", () => {
        expect(schema.name).toBe("heroku");
        expect(schema.pluginDownloadURL).toBe(EXPECTED_DOWNLOAD_URL);
        expect(utilities.PLUGIN_DOWNLOAD_URL).toBe(schema.pluginDownloadURL);
        expect(utilities.PACKAGE_VERSION).toBe(EXPECTED_VERSION);
    });

    it("exports the Provider, exactly these resource classes, and types", () => {
        const found: string[] = [];
        for (const [key, value] of Object.entries(heroku)) {
            if (key === "Provider" || key === "types") continue;
            for (const member of Object.values(value as Record<string, unknown>)) {
                if (typeof member === "function" && "__pulumiType" in member) found.push(String(member.__pulumiType));
            }
        }
        expect(sorted(found)).toEqual([...RESOURCE_TOKENS]);
        const modules = [...new Set(RESOURCE_TOKENS.map((t) => parseToken(t).module))];
        for (const module of modules) {
            const classes = RESOURCE_TOKENS.map(parseToken).filter((t) => t.module === module).map((t) => t.name);
            expect(declarations.exportNames([module]), module).toEqual(sorted(classes.flatMap((c) => [c, `${c}Args`, `${c}State`])));
        }
        expect(declarations.exportNames([])).toEqual(["Provider", "ProviderArgs", "addon", "app", "domain", "drain", "formation", "pipeline", "ssl", "types"]);
        expect(declarations.exportNames(["types"])).toEqual(["input", "output"]);
    });

    describe.each(RESOURCE_TOKENS)("%s", (token) => {
        const { module, name: className } = parseToken(token);
        const classPath = [module, className];
        let resource: SchemaResource;
        let Class: ResourceClass;
        let inputNames: string[];
        let allArgs: Record<string, unknown>;

        beforeAll(() => {
            resource = schema.resources[token];
            Class = (heroku as unknown as Record<string, Record<string, ResourceClass>>)[module][className];
            inputNames = sorted(Object.keys(resource.inputProperties));
            allArgs = samples(resource.inputProperties, inputNames);
        });

        it("has the schema's type token", () => {
            expect(Object.keys(schema.resources)).toContain(token);
            expect(Class.__pulumiType).toBe(token);
        });

        it(`${className}Args has exactly the schema's inputProperties, typed, and required as requiredInputs`, () => {
            const members = declarations.interfaceMembers([module, `${className}Args`]);
            const required = resource.requiredInputs ?? [];
            expect(sorted(members.map((m) => m.name))).toEqual(inputNames);
            for (const m of members) {
                const p = resource.inputProperties[m.name];
                expect({ name: m.name, optional: m.optional, type: m.type }).toEqual({ name: m.name, optional: !required.includes(m.name), type: inputTypeText(p) });
                expect(m.refs).toEqual(collectRefs(p).map((r) => declarations.resolve(["types", "input", ...refPath(r)])));
                expect(m.doc, `${m.name} doc`).not.toBe("");
            }
        });

        it(`${className}State has exactly the schema's stateInputs, all optional`, () => {
            const members = declarations.interfaceMembers([module, `${className}State`]);
            const stateProps = resource.stateInputs!.properties;
            expect(sorted(members.map((m) => m.name))).toEqual(sorted(Object.keys(stateProps)));
            for (const m of members) {
                expect({ name: m.name, optional: m.optional, type: m.type }).toEqual({ name: m.name, optional: true, type: inputTypeText(stateProps[m.name]) });
                expect(m.refs).toEqual(collectRefs(stateProps[m.name]).map((r) => declarations.resolve(["types", "input", ...refPath(r)])));
                expect(m.doc, `${m.name} doc`).not.toBe("");
            }
        });

        it("declares exactly the schema's output properties as `declare public readonly` Outputs", () => {
            const members = declarations.classProperties(classPath);
            const required = resource.required ?? [];
            expect(sorted(members.map((m) => m.name))).toEqual(sorted(Object.keys(resource.properties)));
            for (const m of members) {
                const p = resource.properties[m.name];
                const expected = `pulumi.Output<${outputTypeText(p)}${required.includes(m.name) ? "" : "|undefined"}>`;
                expect({ name: m.name, optional: m.optional, type: m.type, modifiers: sorted(m.modifiers) }).toEqual({
                    name: m.name,
                    optional: false,
                    type: expected,
                    modifiers: ["declare", "public", "readonly"],
                });
                expect(m.refs).toEqual(collectRefs(p).map((r) => declarations.resolve(["types", "output", ...refPath(r)])));
                expect(m.doc, `${m.name} doc`).not.toBe("");
            }
        });

        it("takes Args in the constructor and State in get()", () => {
            // As the generated SDKs have it: args may be left out only when the schema requires no input.
            const args = (resource.requiredInputs ?? []).length === 0 ? "args?" : "args";
            expect(declarations.constructSignatures(classPath)).toEqual([
                ["name:string", `${args}:${className}Args`, "opts?:pulumi.CustomResourceOptions"],
            ]);
            expect(declarations.staticMethod(classPath, "get")).toEqual([
                {
                    parameters: ["name:string", "id:pulumi.Input<pulumi.ID>", `state?:${className}State`, "opts?:pulumi.CustomResourceOptions"],
                    returns: className,
                },
            ]);
            expect(declarations.parameterTypeSymbol(classPath, "construct", 1)).toBe(declarations.resolve([module, `${className}Args`]));
            expect(declarations.parameterTypeSymbol(classPath, "get", 2)).toBe(declarations.resolve([module, `${className}State`]));
        });

        it("sends every input under its schema name, secret inputs as secrets, and exposes every output", async () => {
            const name = `${className}-all`;
            const res = new Class(name, allArgs);
            expect(res).toBeInstanceOf(pulumi.CustomResource);
            await valueOf(res.urn);

            const secret = secretNames(resource.inputProperties);
            expect(only(registrations, token, name)).toEqual({
                type: token,
                name,
                inputs: Object.fromEntries(inputNames.map((n) => [n, secret.includes(n) ? secretOf(allArgs[n]) : allArgs[n]])),
                provider: "",
                custom: true,
                id: "",
            });

            // Output-only properties go into the bag as undefined, so the engine's values get a home.
            const props = only(transformed, token, name).props;
            expect(sorted(Object.keys(props))).toEqual(sorted(new Set([...inputNames, ...Object.keys(resource.properties)])));
            for (const n of Object.keys(resource.properties).filter((k) => !inputNames.includes(k))) expect(props[n], n).toBeUndefined();

            const outputs = res as unknown as Record<string, pulumi.Output<unknown>>;
            for (const n of Object.keys(resource.properties)) {
                expect(pulumi.Output.isInstance(outputs[n]), `${n} is an Output`).toBe(true);
                expect(await valueOf(outputs[n]), n).toEqual(sample(resource.properties[n], n));
            }
        });

        it("throws for each missing required input, and only for those", async () => {
            const required = sorted(resource.requiredInputs ?? []);
            const outcomes = inputNames.map((missing) => {
                const args = { ...allArgs };
                delete args[missing];
                return { missing, message: thrownMessage(() => new Class(`${className}-without-${missing}`, args)) };
            });
            expect(outcomes.filter((o) => o.message !== undefined)).toEqual(
                required.map((missing) => ({ missing, message: `Missing required property '${missing}'` })),
            );
            expect(thrownMessage(() => new Class(`${className}-required-only`, samples(resource.inputProperties, required)))).toBeUndefined();

            // Adopting an existing resource by URN needs no inputs.
            const existing = new Class(`${className}-to-adopt`, allArgs);
            const urn = await valueOf(existing.urn);
            let adopted: pulumi.CustomResource | undefined;
            expect(thrownMessage(() => (adopted = new Class(`${className}-adopted`, {}, { urn })))).toBeUndefined();
            expect(await valueOf(adopted!.urn)).toBe(urn);
        });

        it("merges version, pluginDownloadURL and additionalSecretOutputs into the options; the caller's win", async () => {
            const secretOutputs = secretNames(resource.properties);
            const plain = new Class(`${className}-opts`, allArgs);
            await valueOf(plain.urn);
            const opts = only(transformed, token, `${className}-opts`).opts;
            expect(opts.version).toBe(EXPECTED_VERSION);
            expect(opts.pluginDownloadURL).toBe(schema.pluginDownloadURL);
            expect(opts.additionalSecretOutputs).toEqual(secretOutputs.length > 0 ? secretOutputs : undefined);

            const custom = new Class(`${className}-own-opts`, allArgs, {
                version: "9.9.9",
                pluginDownloadURL: "https://plugins.example.test",
                additionalSecretOutputs: ["appId"],
            });
            await valueOf(custom.urn);
            const own = only(transformed, token, `${className}-own-opts`).opts;
            expect({ version: own.version, pluginDownloadURL: own.pluginDownloadURL, additionalSecretOutputs: own.additionalSecretOutputs }).toEqual({
                version: "9.9.9",
                pluginDownloadURL: "https://plugins.example.test",
                additionalSecretOutputs: ["appId", ...secretOutputs],
            });
        });

        it("get() reads the resource by id with the schema's stateInputs", async () => {
            const stateNames = sorted(Object.keys(resource.stateInputs!.properties));
            const state = samples(resource.stateInputs!.properties, stateNames);
            const name = `${className}-read`;
            const res = Class.get(name, "existing-id", state);
            expect(await valueOf(res.id)).toBe("existing-id");
            expect(only(registrations, token, name)).toEqual({ type: token, name, inputs: state, provider: "", custom: true, id: "existing-id" });
            const seen = only(transformed, token, name);
            expect(sorted(Object.keys(seen.props))).toEqual(stateNames);
            expect(seen.opts.id).toBe("existing-id");
            expect(seen.opts.version).toBe(EXPECTED_VERSION);
        });

        it("isInstance() recognises its own type token only", async () => {
            const res = new Class(`${className}-instance`, allArgs);
            await valueOf(res.urn);
            expect(Class.isInstance(res)).toBe(true);
            expect(Class.isInstance({ __pulumiType: token })).toBe(true);
            expect(Class.isInstance({ __pulumiType: `${token}X` })).toBe(false);
            expect(Class.isInstance(undefined)).toBe(false);
            expect(Class.isInstance(null)).toBe(false);
            expect(Class.isInstance(new heroku.Provider(`not-a-${className}`))).toBe(false);
        });
    });

    describe("Provider", () => {
        const providerToken = () => `pulumi:providers:${schema.name}`;

        it("registers as pulumi:providers:heroku", () => {
            expect(heroku.Provider.__pulumiType).toBe(schema.name);
            expect(providerToken()).toBe("pulumi:providers:heroku");
        });

        it("ProviderArgs has exactly the schema's provider inputProperties, all optional", () => {
            const members = declarations.interfaceMembers(["ProviderArgs"]);
            const props = schema.provider.inputProperties;
            expect(schema.provider.requiredInputs).toBeUndefined();
            expect(sorted(members.map((m) => m.name))).toEqual(sorted(Object.keys(props)));
            for (const m of members) {
                expect({ name: m.name, optional: m.optional, type: m.type }).toEqual({ name: m.name, optional: true, type: inputTypeText(props[m.name]) });
                expect(m.refs).toEqual(collectRefs(props[m.name]).map((r) => declarations.resolve(["types", "input", ...refPath(r)])));
                expect(m.doc, `${m.name} doc`).not.toBe("");
            }
        });

        it("declares the string-typed provider properties as optional Outputs", () => {
            const members = declarations.classProperties(["Provider"]);
            const stringProps = Object.keys(schema.provider.properties).filter((n) => schema.provider.properties[n].type === "string");
            expect(sorted(members.map((m) => m.name))).toEqual(sorted(stringProps));
            for (const m of members) {
                expect({ name: m.name, type: m.type, modifiers: sorted(m.modifiers) }).toEqual({
                    name: m.name,
                    type: "pulumi.Output<string|undefined>",
                    modifiers: ["declare", "public", "readonly"],
                });
                expect(m.doc, `${m.name} doc`).not.toBe("");
            }
            expect(declarations.constructSignatures(["Provider"])).toEqual([["name:string", "args?:ProviderArgs", "opts?:pulumi.ResourceOptions"]]);
        });

        it("sends strings as-is, structured settings as JSON, and the API key as a secret", async () => {
            const props = schema.provider.inputProperties;
            const names = sorted(Object.keys(props));
            const args = samples(props, names);
            const provider = new heroku.Provider("configured", args);
            expect(provider).toBeInstanceOf(pulumi.ProviderResource);
            await valueOf(provider.urn);

            const secrets = sorted(new Set([...secretNames(props), ...PROVIDER_EXTRA_SECRETS]));
            const expected = Object.fromEntries(
                names.map((n) => {
                    const wire = props[n].type === "string" ? args[n] : JSON.stringify(args[n]);
                    return [n, secrets.includes(n) ? secretOf(wire) : wire];
                }),
            );
            expect(only(registrations, providerToken(), "configured")).toEqual({
                type: providerToken(),
                name: "configured",
                inputs: expected,
                provider: "",
                custom: true,
                id: "",
            });

            const opts = only(transformed, providerToken(), "configured").opts;
            expect({ version: opts.version, pluginDownloadURL: opts.pluginDownloadURL, additionalSecretOutputs: opts.additionalSecretOutputs }).toEqual({
                version: EXPECTED_VERSION,
                pluginDownloadURL: schema.pluginDownloadURL,
                additionalSecretOutputs: secrets,
            });
            expect(heroku.Provider.isInstance(provider)).toBe(true);
        });

        it("sends nothing when given no arguments", async () => {
            const provider = new heroku.Provider("bare");
            await valueOf(provider.urn);
            expect(only(registrations, providerToken(), "bare").inputs).toEqual({});
            expect(only(transformed, providerToken(), "bare").opts.version).toBe(EXPECTED_VERSION);
        });
    });

    describe("nested object types", () => {
        function referencedTypeTokens(): string[] {
            const owners = [schema.provider, ...RESOURCE_TOKENS.map((t) => schema.resources[t])];
            const refs = owners.flatMap((r) => Object.values({ ...r.properties, ...r.inputProperties }).flatMap(collectRefs));
            return sorted(new Set(refs.map((r) => r.replace(/^#\/types\//, ""))));
        }

        it("covers the object types the SDK's resources and provider refer to", () => {
            expect(referencedTypeTokens()).toEqual([
                "heroku:app/AppOrganization:AppOrganization",
                "heroku:index/ProviderCustomization:ProviderCustomization",
                "heroku:index/ProviderDelays:ProviderDelays",
                "heroku:index/ProviderTimeouts:ProviderTimeouts",
                "heroku:pipeline/PipelineOwner:PipelineOwner",
            ]);
            expect(declarations.exportNames(["types", "input"])).toEqual(["ProviderCustomization", "ProviderDelays", "ProviderTimeouts", "app", "pipeline"]);
            expect(declarations.exportNames(["types", "output"])).toEqual(["ProviderCustomization", "ProviderDelays", "ProviderTimeouts", "app", "pipeline"]);
        });

        it("types.input.* match the schema: Input-typed, required as `required`", () => {
            for (const token of referencedTypeTokens()) {
                const object = schema.types[token];
                const members = declarations.interfaceMembers(["types", "input", ...refPath(`#/types/${token}`)]);
                expect(sorted(members.map((m) => m.name)), token).toEqual(sorted(Object.keys(object.properties)));
                for (const m of members) {
                    expect({ token, name: m.name, optional: m.optional, type: m.type }).toEqual({
                        token,
                        name: m.name,
                        optional: !(object.required ?? []).includes(m.name),
                        type: inputTypeText(object.properties[m.name]),
                    });
                    expect(m.doc, `${token} ${m.name} doc`).not.toBe("");
                }
            }
        });

        it("types.output.* match the schema: plain-typed, required as the nodejs requiredOutputs", () => {
            for (const token of referencedTypeTokens()) {
                const object = schema.types[token];
                const required = object.language?.nodejs?.requiredOutputs ?? object.required ?? [];
                const members = declarations.interfaceMembers(["types", "output", ...refPath(`#/types/${token}`)]);
                expect(sorted(members.map((m) => m.name)), token).toEqual(sorted(Object.keys(object.properties)));
                for (const m of members) {
                    expect({ token, name: m.name, optional: m.optional, type: m.type }).toEqual({
                        token,
                        name: m.name,
                        optional: !required.includes(m.name),
                        type: outputTypeText(object.properties[m.name]),
                    });
                    expect(m.doc, `${token} ${m.name} doc`).not.toBe("");
                }
            }
        });
    });
});

if (!SCHEMA_PATH) {
    console.warn(`Skipping the Heroku SDK schema comparison (${SKIP_REASON.replace("skipped: ", "")}; see the README's Development section).`);
    describe("sdks/heroku schema conformance", () => {
        it.skip(SKIP_REASON, () => {});
    });
}
