// Loads index.ts the way the Pulumi CLI's nodejs language host does (@pulumi/pulumi/cmd/run/run.js): the project's
// typescript, Pulumi's vendored ts-node with type checking, our tsconfig merged over the host's defaults, in
// CommonJS mode. The engine is replaced by Pulumi's mock monitor.
const path = require("node:path");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const tsutils = require(path.join(pulumiDir, "tsutils.js"));
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
const pulumi = require("@pulumi/pulumi");
(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: { ...a.inputs, herokuHostname: "h.herokuapp.com", cname: "c.herokudns.com" } }), call: (a) => a.inputs },
    "heroku-production",
    "production",
    false,
  );
  pulumi.runtime.setAllConfig(JSON.parse(process.env.PROGRAM_CONFIG), []);
  const program = require(path.resolve("index.ts"));
  console.log(JSON.stringify({ typescript: require(typescriptRequire).version, tsnode: path.basename(tsnodeRequire), exports: Object.keys(program) }));
})().catch((err) => {
  console.error(err && err.message);
  process.exit(1);
});
