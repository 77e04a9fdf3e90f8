/** Heroku Team settings of an app. */
export interface AppOrganization {
    /** Whether other team members are kept from joining the app. */
    locked: boolean;
    /** Name of the Heroku Team that owns the app. */
    name: string;
    /** Whether the app was created in the personal account even though a default team is set. */
    personal: boolean;
}
