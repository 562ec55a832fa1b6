import { productCli } from './registry';
import { runCliProcess } from './run-cli';

// Entry point when bundled as out/main/cli.js or run from source with tsx.
runCliProcess(productCli);
