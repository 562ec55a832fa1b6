import { CodedError } from '../../../shared/coded-error';
import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../command';
import { LAYOUTS, type LayoutKind } from '../../../shared/domain/model-layout';
import { readOnnxModelInfo } from '../../../../inference/worker/onnx/onnx-model-info';
import { defaultDataDir } from '../../data-dir';
import { findEntry, loadCatalog } from '../../models/catalog';
import { fetchModel, importModel, installedModels, validateModel } from '../../models/install';

const usage = `watcher models <list|fetch|import|inspect> [options]

  list [--json]                         catalog entries and installed models
  fetch <id>                            download a catalog model, verify its sha256, install it
  import <file.onnx> [--id name] [--layout L]
                                        validate a local ONNX detector and install it
  inspect <file.onnx> [--layout L] [--json]
                                        inputs, outputs, metadata and the decoder Watcher would use

Options:
  --models-dir <dir>   install folder (default <data dir>/models)
  --catalog <file>     catalog to read (default models/catalog.json)
  --layout <L>         force the output layout: ${LAYOUTS.join(' | ')}
  --json               machine-readable output
`;

export const command: CliCommand = {
  name: 'models',
  summary: 'List, download (sha256-verified) and import ONNX detection models',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('models', usage, argv, {
      'models-dir': { type: 'string' },
      catalog: { type: 'string' },
      id: { type: 'string' },
      layout: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const { values: v, positionals } = parsed;
    const [action, arg] = positionals;
    const modelsDir = path.resolve(v['models-dir'] ?? path.join(defaultDataDir(), 'models'));
    const layout = v.layout as LayoutKind | undefined;
    if (layout && !(LAYOUTS as readonly string[]).includes(layout)) {
      process.stderr.write(
        `watcher models: --layout must be one of ${LAYOUTS.join(', ')} (got "${layout}")\n`,
      );
      return 2;
    }
    const out = (text: string): void => void process.stdout.write(`${text}\n`);
    try {
      switch (action) {
        case 'list': {
          const catalog = loadCatalog(v.catalog);
          const installed = installedModels(modelsDir);
          if (v.json) {
            out(JSON.stringify({ modelsDir, catalog: catalog.models, installed }));
            return 0;
          }
          out(`Catalog (${catalog.models.length}):`);
          for (const m of catalog.models) {
            const have = installed.some((i) => i.id === m.id)
              ? 'installed'
              : m.url
                ? 'downloadable'
                : 'import only';
            out(
              `  ${m.id.padEnd(24)} ${(m.layout ?? 'auto').padEnd(8)} ${m.inputSize ? `${m.inputSize.width}x${m.inputSize.height}` : '-'}  ${have}  (${m.licence})`,
            );
          }
          out(`Installed in ${modelsDir} (${installed.length}):`);
          for (const m of installed) out(`  ${m.id.padEnd(24)} ${m.layout ?? '?'}`);
          return 0;
        }
        case 'fetch': {
          if (!arg)
            throw new CodedError(
              'models.usage',
              'name the model to fetch: watcher models fetch <id>',
            );
          const entry = findEntry(loadCatalog(v.catalog), arg);
          const file = await fetchModel(entry, modelsDir, ({ received, total }) => {
            const pct = total ? ` ${((100 * received) / total).toFixed(0)}%` : '';
            process.stderr.write(
              `\r${entry.id}: ${(received / 1e6).toFixed(1)} MB${total ? ` / ${(total / 1e6).toFixed(1)} MB` : ''}${pct}   `,
            );
          });
          process.stderr.write('\n');
          out(
            v.json
              ? JSON.stringify({ id: entry.id, path: file, sha256: entry.sha256 })
              : `${entry.id}: sha256 verified, installed at ${file}`,
          );
          return 0;
        }
        case 'import': {
          if (!arg)
            throw new CodedError(
              'models.usage',
              'name the file to import: watcher models import <file.onnx>',
            );
          const r = await importModel(path.resolve(arg), modelsDir, { id: v.id, layout });
          out(
            v.json
              ? JSON.stringify({
                  id: r.id,
                  path: r.path,
                  layout: r.spec.layout,
                  inputSize: { width: r.spec.inputWidth, height: r.spec.inputHeight },
                  classes: r.spec.numClasses,
                })
              : `${r.id}: ${r.spec.layout} layout, input ${r.spec.inputWidth}x${r.spec.inputHeight}, ${r.spec.numClasses} classes; installed at ${r.path}`,
          );
          return 0;
        }
        case 'inspect': {
          if (!arg)
            throw new CodedError(
              'models.usage',
              'name the file to inspect: watcher models inspect <file.onnx>',
            );
          const info = readOnnxModelInfo(path.resolve(arg));
          const { spec } = await validateModel(path.resolve(arg), layout);
          if (v.json) {
            out(
              JSON.stringify({
                inputs: info.inputs,
                outputs: info.outputs,
                metadata: info.metadata,
                spec,
              }),
            );
            return 0;
          }
          out(
            `producer ${info.producer || '?'}, IR ${info.irVersion}, opset ${info.opsetVersion ?? '?'}`,
          );
          for (const i of info.inputs) out(`  input  ${i.name} [${i.dims.join(',')}]`);
          for (const o of info.outputs) out(`  output ${o.name} [${o.dims.join(',')}]`);
          out(
            `layout ${spec.layout}, input ${spec.inputWidth}x${spec.inputHeight}, ${spec.numClasses} classes${spec.dynamicBatch ? ', dynamic batch' : ''}`,
          );
          return 0;
        }
        default:
          process.stderr.write(`watcher models: choose list, fetch, import or inspect\n\n${usage}`);
          return 2;
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      process.stderr.write(
        `watcher models: ${(err as Error).message}${code ? ` [${code}]` : ''}\n`,
      );
      return 1;
    }
  },
};
