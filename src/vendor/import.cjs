'use strict';
// import() for dist/spacectl.cjs, which V8 compiles through node:vm (cached-script.cjs): code compiled there
// cannot call import() itself on Node 20 without an experimental vm option that prints a warning. The
// bundle's dynamic imports of packages (chalk, ora, @inquirer/prompts, …, ES modules Node 20.18 cannot
// require) go through this file, which Node's own loader compiles. Copied to dist/vendor/ by the build.
module.exports = (specifier) => import(specifier);
