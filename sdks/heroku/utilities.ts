import * as pulumi from "@pulumi/pulumi";

/** Provider release this SDK mirrors (schema of `pulumi package get-schema heroku@1.0.4`). */
export const PACKAGE_VERSION = "1.0.4";

/** Where the Pulumi CLI downloads the pulumiverse provider plugin from. */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumiverse";

/** The property lists of one resource in the provider schema that its class needs at runtime. */
export interface ResourceSchema<Args, State> {
    /** `inputProperties`. */
    readonly inputs: readonly (keyof Args & string)[];
    /** `requiredInputs`. */
    readonly requiredInputs: readonly (keyof Args & string)[];
    /** `properties`; for every resource here they are also the `stateInputs`. */
    readonly outputs: readonly (keyof State & string)[];
    /** Properties marked `"secret": true`. */
    readonly secrets: readonly (keyof State & string)[];
}

/** Adds the plugin version and download URL, then the secret outputs; options the caller set win. */
export function withPackageDefaults<T extends pulumi.ResourceOptions>(opts: T | undefined, secretOutputs: readonly string[]): T {
    let merged = pulumi.mergeOptions({ version: PACKAGE_VERSION, pluginDownloadURL: PLUGIN_DOWNLOAD_URL }, opts);
    if (secretOutputs.length > 0) {
        merged = pulumi.mergeOptions(merged, { additionalSecretOutputs: [...secretOutputs] });
    }
    return merged as T;
}

/**
 * Builds the property bag and options a resource class hands to `pulumi.CustomResource`.
 * With `opts.id` set the resource is being read, and the bag holds the given state.
 */
export function prepareResource<Args, State>(
    schema: ResourceSchema<Args, State>,
    argsOrState: Args | State | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
): { inputs: pulumi.Inputs; opts: pulumi.CustomResourceOptions } {
    const given = (argsOrState ?? {}) as Record<string, unknown>;
    const inputs: pulumi.Inputs = {};
    if (opts?.id) {
        for (const name of schema.outputs) inputs[name] = given[name];
    } else {
        // Adopting by URN reads the existing resource, so its inputs may legitimately be absent.
        if (!opts?.urn) {
            for (const name of schema.requiredInputs) {
                if (given[name] === undefined) throw new Error(`Missing required property '${name}'`);
            }
        }
        const secrets: readonly string[] = schema.secrets;
        for (const name of schema.inputs) {
            const value = given[name];
            inputs[name] = value !== undefined && secrets.includes(name) ? pulumi.secret(value) : value;
        }
        // Outputs must be in the bag, even as undefined, or the engine's values never reach the class.
        for (const name of schema.outputs) {
            if (!(name in inputs)) inputs[name] = undefined;
        }
    }
    return { inputs, opts: withPackageDefaults(opts, schema.secrets) };
}

/** `isInstance` by type token rather than `instanceof`, so it holds across copies of this module. */
export function hasPulumiType(obj: unknown, type: string): boolean {
    return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
