import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "../types/input";
import type * as outputs from "../types/output";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** A Heroku app: name, region, stack, buildpacks and config vars. */
export class App extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:app/app:App";

    /** Looks up an existing app by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: AppState, opts?: pulumi.CustomResourceOptions): App {
        // With `id` set the constructor reads `state`, not args.
        return new App(name, state as AppArgs, { ...opts, id });
    }

    /** Whether `obj` is an App, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is App {
        return hasPulumiType(obj, App.__pulumiType);
    }

    /** Whether Automated Certificate Management is on for the app. */
    declare public readonly acm: pulumi.Output<boolean>;
    /** Every config var of the app, including those set outside this program. */
    declare public readonly allConfigVars: pulumi.Output<{[key: string]: string}>;
    /** Buildpack names or URLs, in order. */
    declare public readonly buildpacks: pulumi.Output<string[]>;
    /** Config vars managed here whose values may be shown in plain text. */
    declare public readonly configVars: pulumi.Output<{[key: string]: string}>;
    /** Git URL to push to when deploying the app. */
    declare public readonly gitUrl: pulumi.Output<string>;
    /** Heroku-provided hostname of the app, usable as a DNS target. */
    declare public readonly herokuHostname: pulumi.Output<string>;
    /** Whether the app is routable only from inside its private space. */
    declare public readonly internalRouting: pulumi.Output<boolean>;
    /** Name of the app, which Heroku also uses as its unique ID. */
    declare public readonly name: pulumi.Output<string>;
    /** Heroku Team settings of the app. */
    declare public readonly organization: pulumi.Output<outputs.app.AppOrganization | undefined>;
    /** Region the app runs in. */
    declare public readonly region: pulumi.Output<string>;
    /** Config vars managed here whose values are kept secret. */
    declare public readonly sensitiveConfigVars: pulumi.Output<{[key: string]: string}>;
    /** Private space the app runs in. */
    declare public readonly space: pulumi.Output<string | undefined>;
    /** Stack (base image) the app runs on. */
    declare public readonly stack: pulumi.Output<string>;
    /** UUID of the app. */
    declare public readonly uuid: pulumi.Output<string>;
    /** Default web URL of the app. */
    declare public readonly webUrl: pulumi.Output<string>;

    /** Creates an app; `args.region` is required. */
    constructor(name: string, args: AppArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: AppArgs | AppState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(App.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating an App. */
export interface AppArgs {
    /** Whether to turn on Automated Certificate Management for the app. */
    acm?: pulumi.Input<boolean>;
    /** Buildpack names or URLs, in order; leave unset to keep buildpacks configured elsewhere. */
    buildpacks?: pulumi.Input<pulumi.Input<string>[]>;
    /** Config vars to set whose values may be shown in plain text. */
    configVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Route the app only from inside its private space (needs `space`); changing it replaces the app. */
    internalRouting?: pulumi.Input<boolean>;
    /** Name of the app, unique across Heroku and at least 3 characters long. */
    name?: pulumi.Input<string>;
    /** Heroku Team settings of the app. */
    organization?: pulumi.Input<inputs.app.AppOrganization>;
    /** Region to run the app in; changing it replaces the app. */
    region: pulumi.Input<string>;
    /** Config vars to set whose values are kept secret. */
    sensitiveConfigVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Private space to create the app in; changing it replaces the app. */
    space?: pulumi.Input<string>;
    /** Stack (base image) to run the app on. */
    stack?: pulumi.Input<string>;
}

/** Known state of an existing App, used when looking it up. */
export interface AppState {
    /** Whether Automated Certificate Management is on for the app. */
    acm?: pulumi.Input<boolean>;
    /** Every config var of the app, including those set outside this program. */
    allConfigVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Buildpack names or URLs, in order. */
    buildpacks?: pulumi.Input<pulumi.Input<string>[]>;
    /** Config vars managed here whose values may be shown in plain text. */
    configVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Git URL to push to when deploying the app. */
    gitUrl?: pulumi.Input<string>;
    /** Heroku-provided hostname of the app, usable as a DNS target. */
    herokuHostname?: pulumi.Input<string>;
    /** Whether the app is routable only from inside its private space. */
    internalRouting?: pulumi.Input<boolean>;
    /** Name of the app, which Heroku also uses as its unique ID. */
    name?: pulumi.Input<string>;
    /** Heroku Team settings of the app. */
    organization?: pulumi.Input<inputs.app.AppOrganization>;
    /** Region the app runs in. */
    region?: pulumi.Input<string>;
    /** Config vars managed here whose values are kept secret. */
    sensitiveConfigVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Private space the app runs in. */
    space?: pulumi.Input<string>;
    /** Stack (base image) the app runs on. */
    stack?: pulumi.Input<string>;
    /** UUID of the app. */
    uuid?: pulumi.Input<string>;
    /** Default web URL of the app. */
    webUrl?: pulumi.Input<string>;
}

const schema: ResourceSchema<AppArgs, AppState> = {
    inputs: ["acm", "buildpacks", "configVars", "internalRouting", "name", "organization", "region", "sensitiveConfigVars", "space", "stack"],
    requiredInputs: ["region"],
    outputs: [
        "acm", "allConfigVars", "buildpacks", "configVars", "gitUrl", "herokuHostname", "internalRouting",
        "name", "organization", "region", "sensitiveConfigVars", "space", "stack", "uuid", "webUrl",
    ],
    secrets: ["allConfigVars", "sensitiveConfigVars"],
};
