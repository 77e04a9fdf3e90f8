export { Coupling, type CouplingArgs, type CouplingState } from "./coupling";
export { Pipeline, type PipelineArgs, type PipelineState } from "./pipeline";
