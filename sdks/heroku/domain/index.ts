export { Domain, type DomainArgs, type DomainState } from "./domain";
