/** `hrl envs [ID]`: the registered environments, or one environment's description and options. */
import { ATARI_ALIAS_PATTERNS } from '../../envs/atari/register.js';
import { describeEnvs, envAlias, envSpec, listEnvs, optionDescriptions } from '../../envs/index.js';
import { parse, UsageError } from '../args.js';

const USAGE = `usage: hrl envs [ID]

Without ID: the registered environment ids (a family of games on one line). With ID (or an alias such as
ALE/Breakout-v5): what it is and the options make(ID, options) takes.`;

export async function envsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values['help']) { console.log(USAGE); return; }
  if (positionals.length > 1) throw new UsageError(`expected at most one environment id\n\n${USAGE}`);
  const id = positionals[0];
  if (id === undefined) {
    const ids = new Set(listEnvs());
    const lines = describeEnvs();
    const width = Math.max(...lines.filter((l) => ids.has(l)).map((l) => l.length));
    for (const line of lines) console.log(ids.has(line) ? `${line.padEnd(width)}  ${envSpec(line).description}` : line);
    console.log(`\natari/<game> also answers to Gymnasium's ids: ${ATARI_ALIAS_PATTERNS}. Details: hrl envs ID`);
    return;
  }
  const spec = envSpec(id);
  const alias = envAlias(id);
  console.log(`${spec.id}: ${spec.description}`);
  if (alias) console.log(`${id} is an alias of ${alias.id} with ${JSON.stringify(alias.options)}`);
  console.log('options:');
  for (const line of optionDescriptions(spec)) console.log(`  ${line}`);
}
