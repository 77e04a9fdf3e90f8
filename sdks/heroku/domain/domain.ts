import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** A custom hostname routed to an app. */
export class Domain extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:domain/domain:Domain";

    /** Looks up an existing domain by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: DomainState, opts?: pulumi.CustomResourceOptions): Domain {
        // With `id` set the constructor reads `state`, not args.
        return new Domain(name, state as DomainArgs, { ...opts, id });
    }

    /** Whether `obj` is a Domain, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Domain {
        return hasPulumiType(obj, Domain.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** DNS target that the hostname's CNAME record should point to. */
    declare public readonly cname: pulumi.Output<string>;
    /** The custom hostname. */
    declare public readonly hostname: pulumi.Output<string>;
    /** ID of the `ssl.Ssl` endpoint that serves this hostname. */
    declare public readonly sniEndpointId: pulumi.Output<string | undefined>;

    /** Adds a hostname to an app; `args.appId` and `args.hostname` are required. */
    constructor(name: string, args: DomainArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: DomainArgs | DomainState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Domain.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating a Domain. */
export interface DomainArgs {
    /** ID (not name) of the Heroku app; changing it replaces the domain. */
    appId: pulumi.Input<string>;
    /** Custom hostname; with an SNI endpoint it must match the certificate's common name or a SAN. Changing it replaces the domain. */
    hostname: pulumi.Input<string>;
    /** ID of the `ssl.Ssl` endpoint to serve this hostname with. */
    sniEndpointId?: pulumi.Input<string>;
}

/** Known state of an existing Domain, used when looking it up. */
export interface DomainState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** DNS target that the hostname's CNAME record should point to. */
    cname?: pulumi.Input<string>;
    /** The custom hostname. */
    hostname?: pulumi.Input<string>;
    /** ID of the `ssl.Ssl` endpoint that serves this hostname. */
    sniEndpointId?: pulumi.Input<string>;
}

const schema: ResourceSchema<DomainArgs, DomainState> = {
    inputs: ["appId", "hostname", "sniEndpointId"],
    requiredInputs: ["appId", "hostname"],
    outputs: ["appId", "cname", "hostname", "sniEndpointId"],
    secrets: [],
};
