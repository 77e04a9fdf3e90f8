export { Drain, type DrainArgs, type DrainState } from "./drain";
