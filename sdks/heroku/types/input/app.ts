import type * as pulumi from "@pulumi/pulumi";

/** Heroku Team settings of an app. */
export interface AppOrganization {
    /** Whether other team members are kept from joining the app. */
    locked?: pulumi.Input<boolean>;
    /** Name of the Heroku Team that owns the app; changing it replaces the app. */
    name: pulumi.Input<string>;
    /** Create the app in the personal account even when a default team is set; changing it replaces the app. */
    personal?: pulumi.Input<boolean>;
}
