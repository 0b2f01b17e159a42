// `spacectl completion <shell>` prints a completion script; the script asks the hidden `spacectl __complete`
// for candidates on every TAB, so commands, flags and values are defined once, by the command tree itself.
import { Argument } from 'commander';
import type { SpaceCommand } from '../../help/commander.js';
import { action, type RunContext } from '../define.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'];

export function registerCompletion(program: SpaceCommand, ctx: RunContext): void {
  program.command('completion')
    .description('Print a shell completion script: commands, flags, app names, project keys and right codes')
    .addArgument(new Argument('<shell>', 'bash, zsh, fish or powershell').choices(SHELLS))
    .notes(`App names and project keys come from the server (at most ~1.5 s per TAB, SPACECTL_COMPLETE_TIMEOUT_MS);
right codes from the bundled catalog.`)
    .section('INSTALL', `  bash        echo 'source <(spacectl completion bash)' >> ~/.bashrc
  zsh         spacectl completion zsh > "\${fpath[1]}/_spacectl"     (or: source <(spacectl completion zsh))
  fish        spacectl completion fish > ~/.config/fish/completions/spacectl.fish
  PowerShell  spacectl completion powershell >> $PROFILE`)
    .examples('spacectl completion bash', 'spacectl completion zsh')
    .action(action(ctx, async () => (await import('./script.js')).completionScript));

  // Called by the scripts: `spacectl __complete -- <words so far> <current word>`; prints one candidate a line.
  program.command('__complete', { hidden: true })
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .action(action(ctx, async () => {
      const m = await import('./complete.js');
      return (_flags, f, args) => m.completeCommand(program, args, f);
    }));
}
