import type { ChecklistEntry } from "./core";
import { DJANGO_CHECKS } from "./policies/django";
import { HEROKU_CHECKS } from "./policies/heroku";
import { SAFETY_CHECKS } from "./policies/safety";

export { configDefaults, type ChecklistEntry, type Finding, type Section, type Status } from "./core";

/** Heroku's production checklist, Django's deployment checklist and the safety rules, in report order. */
export const CHECKLIST: readonly ChecklistEntry[] = [...HEROKU_CHECKS, ...DJANGO_CHECKS, ...SAFETY_CHECKS];
