import { Option, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import {
  contextOption,
  kubeconfigOption,
  maxInputBytesOption,
  namespaceOption,
  noColorOption,
  outputOption,
} from '../shared/options.js';

/** `vzmc plan`. */
export function definePlan(program: Command, context: CommandContext): void {
  program
    .command('plan')
    .summary('show what a sync of one managed cluster would do, as a diff')
    .description(
      "Plans one agent iteration: the admin's desired state for the cluster against its live state, as ordered, explained " +
        'actions (P32); each update shows the changed fields, old → new. The admin side comes from files (--admin) or ' +
        'a kubeconfig context (--admin-context) or as the agent (--as-agent); the cluster side from files (--local) or the kubeconfig (--context, ' +
        'else the current context). Nothing is written. Secret values are redacted in the text output, and in json ' +
        'and yaml unless --show-secrets. When the admin is read from a cluster, the output names whose view it shows ' +
        '(view:) and the placed namespaces that identity cannot read (unreadable:). With --exit-code, as `kubectl diff`: 0 no differences, 1 differences, 2 error. ' +
        'A list that failed makes the plan unknown, never converged: the output says so and names it, and the exit is 2 ' +
        'with or without --exit-code. Live objects from files need their metadata.managedFields ' +
        '(kubectl get --show-managed-fields -o yaml; plain -o yaml omits them): without them vzmc cannot see the fields it ' +
        'applied before and no longer sets, nor prove it owns an object, so the plan warns (warnings, state unverified), never converged.',
    )
    .requiredOption('--cluster <name>', "the managed cluster (or local for the admin's own reconcile)")
    .option('--admin <path...>', "the admin's objects: files or directories")
    .option(
      '--admin-context <name>',
      "read the admin through this kubeconfig context, as that context's user",
    )
    .option(
      '--as-agent',
      "read the admin as the cluster's agent does: with the token of the agent Secret " +
        'verrazzano-system/verrazzano-cluster-agent on the cluster (--context); its kubeconfig is data, no plugin runs',
    )
    .option(
      '--allow-insecure-admin',
      'with --as-agent, accept an admin-kubeconfig that sets insecure-skip-tls-verify, as sync --allow-insecure-admin does',
    )
    .option('--local <path...>', "the cluster's objects: files or directories")
    .addOption(maxInputBytesOption())
    .addOption(kubeconfigOption())
    .addOption(contextOption('the cluster planned for'))
    .addOption(new Option('--local-context <name>', 'the same as --context').hideHelp())
    .addOption(namespaceOption('only the actions on objects in this namespace, and on the Namespace itself'))
    .option(
      '--max-delete-fraction <fraction>',
      'block the deletes of a plan deleting more than this share of managed objects (from 20 on), or more ' +
        'than the larger of 10 and this share (the 10-minute window of the agent, with nothing deleted yet)',
      '0.5',
    )
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .option('--show-secrets', 'print Secret data in json and yaml instead of <redacted>')
    .option(
      '--exit-code',
      'exit 1 when the plan has actions, 0 when it has none, 2 on errors or an unknown or unverified plan',
    )
    .addOption(noColorOption())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        {
          run: 'kubectl --context admin apply -R -f examples/fleet',
          note: 'deploy the example fleet on the admin',
        },
        {
          run: 'vzmc plan --cluster managed1 --admin examples/fleet --context managed1',
          note: 'the admin from files, managed1 live',
        },
        {
          run: 'kubectl --context managed1 get ns,vp,rolebinding,networkpolicy,secret,configmap,mcsecret,mccm,mccomp,mcappconf,components.core.oam.dev,appconfig -A --show-managed-fields -o yaml > live.yaml',
          note: "managed1's objects as a file, with what vzmc needs to see removed fields",
        },
        {
          run: 'vzmc plan --cluster managed1 --admin examples/fleet --local live.yaml',
          note: 'both sides from files',
        },
        {
          run: 'vzmc plan --cluster managed1 --admin-context admin --context managed1 -n todo-list --exit-code',
          note: 'exits 1: nothing placed on managed1 is there yet',
        },
        { run: 'vzmc plan --cluster managed1 --admin-context admin --context managed1 -o yaml' },
        {
          run: 'vzmc admin --context admin --once',
          note: "one admin pass: renders managed1's share into vzmc-cluster-managed1 (docs/security.md)",
        },
        {
          run: 'vzmc plan --cluster managed1 --as-agent --context managed1',
          note: "what sync would do: the admin as managed1's agent sees it (its share), or why it cannot",
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/plan.js')));
}
