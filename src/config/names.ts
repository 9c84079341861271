/** Role names as written after @ in the ownership file and in checklist items. */
export const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,38}$/;
/** Asset kinds name globs, checklist templates and rules. */
export const ASSET_KIND = /^[a-z][a-z0-9-]{0,38}$/;
