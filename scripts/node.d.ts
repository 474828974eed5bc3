/**
 * Node's built-in modules, for the scripts and tests that run in Node. The repository has no
 * @types/node (the Worker code must not see Node's globals), so they type as `any`; code that
 * uses them declares the shapes it relies on. More specific declarations, if @types/node is
 * ever added, take precedence over this pattern.
 */
declare module "node:*";
