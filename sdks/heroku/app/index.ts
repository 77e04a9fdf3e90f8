export { App, type AppArgs, type AppState } from "./app";
export { ConfigAssociation, type ConfigAssociationArgs, type ConfigAssociationState } from "./configAssociation";
export { Feature, type FeatureArgs, type FeatureState } from "./feature";
