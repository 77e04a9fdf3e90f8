export { Addon, type AddonArgs, type AddonState } from "./addon";
