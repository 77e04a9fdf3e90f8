export { Formation, type FormationArgs, type FormationState } from "./formation";
