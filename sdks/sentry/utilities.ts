import * as pulumi from "@pulumi/pulumi";

/** The Terraform provider this SDK stands for: jianyuan/sentry on the OpenTofu registry. */
export const TERRAFORM_PROVIDER = { url: "registry.opentofu.org/jianyuan/sentry", version: "0.15.5" } as const;

/**
 * What `pulumi package add terraform-provider jianyuan/sentry 0.15.5` records: Pulumi's `terraform-provider` bridge,
 * parameterized with the provider's registry address and version. `Pulumi.yaml`'s `packages:` entry says the same.
 */
export const PACKAGE_REGISTRATION: pulumi.runtime.RegisterPackageArgs = {
    baseProviderName: "terraform-provider",
    baseProviderVersion: "1.1.3",
    baseProviderDownloadUrl: "",
    packageName: "sentry",
    packageVersion: TERRAFORM_PROVIDER.version,
    base64Parameter: Buffer.from(JSON.stringify({ remote: TERRAFORM_PROVIDER })).toString("base64"),
};

/** The package reference every resource and invoke of this SDK is registered against; one registration a run. */
export function getPackage(): Promise<string | undefined> {
    // The runtime caches the reference per deployment, so each call returns the same one.
    return pulumi.runtime.registerPackage(PACKAGE_REGISTRATION);
}

/** The property lists of one resource as the bridge names them from the provider's schema. */
export interface ResourceSchema<Args, State> {
    readonly inputs: readonly (keyof Args & string)[];
    readonly requiredInputs: readonly (keyof Args & string)[];
    readonly outputs: readonly (keyof State & string)[];
    /** Sensitive attributes, which the bridge marks secret. */
    readonly secrets: readonly (keyof State & string)[];
}

/** The property bag and options a resource class hands to `pulumi.CustomResource`; with `opts.id`, its state. */
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
        for (const name of schema.outputs) if (!(name in inputs)) inputs[name] = undefined;
    }
    const merged =
        schema.secrets.length > 0 ? pulumi.mergeOptions(opts, { additionalSecretOutputs: [...schema.secrets] }) : (opts ?? {});
    return { inputs, opts: merged as pulumi.CustomResourceOptions };
}

export function hasPulumiType(obj: unknown, type: string): boolean {
    return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
