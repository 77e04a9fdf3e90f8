import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "./types/input";
import type * as outputs from "./types/output";
import { getPackage, hasPulumiType, prepareResource, type ResourceSchema } from "./utilities";

/** A project's client key (`sentry_key`), whose DSN the SDK reports to. */
export class Key extends pulumi.CustomResource {
    public static readonly __pulumiType = "sentry:index/key:Key";

    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: KeyState, opts?: pulumi.CustomResourceOptions): Key {
        return new Key(name, state as KeyArgs, { ...opts, id });
    }

    public static isInstance(obj: unknown): obj is Key {
        return hasPulumiType(obj, Key.__pulumiType);
    }

    /** DSNs by kind: `public`, `secret`, `csp`, `security`, `minidump`, `nel`, `unreal`, `cdn`, `crons`. Sensitive. */
    declare public readonly dsn: pulumi.Output<Record<string, string>>;
    /** @deprecated Use `dsn["csp"]` instead. */
    declare public readonly dsnCsp: pulumi.Output<string>;
    /** @deprecated Use `dsn["public"]` instead. */
    declare public readonly dsnPublic: pulumi.Output<string>;
    /** @deprecated Use `dsn["secret"]` instead. */
    declare public readonly dsnSecret: pulumi.Output<string>;
    declare public readonly javascriptLoaderScript: pulumi.Output<outputs.KeyJavascriptLoaderScript>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly organization: pulumi.Output<string>;
    declare public readonly project: pulumi.Output<string>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly public: pulumi.Output<string>;
    declare public readonly rateLimitCount: pulumi.Output<number | undefined>;
    declare public readonly rateLimitWindow: pulumi.Output<number | undefined>;
    declare public readonly secret: pulumi.Output<string>;

    constructor(name: string, args: KeyArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: KeyArgs | KeyState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Key.__pulumiType, name, prepared.inputs, prepared.opts, false, getPackage());
    }
}

export interface KeyArgs {
    javascriptLoaderScript?: pulumi.Input<inputs.KeyJavascriptLoaderScript>;
    name: pulumi.Input<string>;
    organization: pulumi.Input<string>;
    project: pulumi.Input<string>;
    rateLimitCount?: pulumi.Input<number>;
    rateLimitWindow?: pulumi.Input<number>;
}

export interface KeyState extends Partial<KeyArgs> {
    dsn?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    dsnCsp?: pulumi.Input<string>;
    dsnPublic?: pulumi.Input<string>;
    dsnSecret?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    public?: pulumi.Input<string>;
    secret?: pulumi.Input<string>;
}

const schema: ResourceSchema<KeyArgs, KeyState> = {
    inputs: ["javascriptLoaderScript", "name", "organization", "project", "rateLimitCount", "rateLimitWindow"],
    requiredInputs: ["name", "organization", "project"],
    outputs: [
        "dsn", "dsnCsp", "dsnPublic", "dsnSecret", "javascriptLoaderScript", "name", "organization", "project",
        "projectId", "public", "rateLimitCount", "rateLimitWindow", "secret",
    ],
    secrets: ["dsn", "dsnSecret", "secret"],
};
