import type * as pulumi from "@pulumi/pulumi";

export * as app from "./app";
export * as pipeline from "./pipeline";

/** Switches for what the provider stores in state. */
export interface ProviderCustomization {
    /** Whether add-on config var values are kept in state (`addon.Addon.configVarValues`). */
    setAddonConfigVarsInState?: pulumi.Input<boolean>;
    /** Whether all of an app's config vars are kept in state (`app.App.allConfigVars`). */
    setAppAllConfigVarsInState?: pulumi.Input<boolean>;
}

/** Pauses after creating resources, to ride out the Heroku API's eventual consistency. */
export interface ProviderDelays {
    /** Pause after an app is created. */
    postAppCreateDelay?: pulumi.Input<number>;
    /** Pause after a domain is created. */
    postDomainCreateDelay?: pulumi.Input<number>;
    /** Pause after a private space is created. */
    postSpaceCreateDelay?: pulumi.Input<number>;
}

/** Limits on how long the provider waits for slow operations. */
export interface ProviderTimeouts {
    /** How long to wait for an add-on to finish provisioning. */
    addonCreateTimeout?: pulumi.Input<number>;
}
