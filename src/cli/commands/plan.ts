import { z } from 'zod';
import { UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { planSchema } from '../../plan/schema';
import { loadPlan } from '../../plan/load';
import { STEP_IDS } from '../../model';

export const command: Command = {
  name: 'plan',
  usage: 'triage plan schema | triage plan check [FILE]',
  subcommands: ['schema', 'check'],
  operands: 'files',
  flags: [],
  help: `Subcommands:
  schema        print the JSON Schema of triage.yaml (point your editor's YAML support at it)
  check [FILE]  validate a plan (default: --plan, else ./triage.yaml); errors name file, line and field`,
  async run(args, io) {
    const [sub, file] = args.positionals;
    if (sub === 'schema') {
      const schema = z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' });
      io.stdout.write(`${JSON.stringify({ title: 'triage plan (triage.yaml)', ...schema }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (sub === 'check') {
      const planFlag = file ?? (typeof args.flags.plan === 'string' ? args.flags.plan : undefined) ?? 'triage.yaml';
      const { plan, file: path } = loadPlan(io.cwd, planFlag);
      const checks = STEP_IDS.reduce((n, s) => n + (plan.checks?.[s]?.length ?? 0), 0);
      io.stdout.write(
        `${path}: ok — system "${plan.name}", ${plan.health.length} health endpoint(s), ${checks} extra check(s), ${plan.namespaces.length} namespace(s)\n`,
      );
      return EXIT.ok;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}" (schema, check)` : 'give a subcommand: schema or check');
  },
};
