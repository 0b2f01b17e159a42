import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerSshKey(program: SpaceCommand, ctx: RunContext): void {
  const ssh = program.command('ssh-key').description('SSH keys the application uses for Git (registration step 6)')
    .examples('spacectl ssh-key add --app deploy-bot --file ~/.ssh/deploy_bot.pub', 'spacectl ssh-key list --app deploy-bot');

  ssh.command('add')
    .description('Add a public key (checked locally first; a key already on the app is not sent again)')
    .option('-a, --app <ref>', APP_HELP)
    .option('--key <text>', 'the public key line, e.g. "ssh-ed25519 AAAA… comment"')
    .option('--file <path>', 'read the public key from this .pub file')
    .option('--key-stdin', 'read the public key from standard input')
    .option('--comment <text>', 'comment shown in Space (default: the key\'s own comment, else the file name)')
    .option('--dry-run', DRY_RUN_HELP)
    .notes(`Supported: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa (2048 bits or more),
sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com. Prints the fingerprint as ssh-keygen -l does.`)
    .examples(
      'spacectl ssh-key add --app deploy-bot --file ~/.ssh/deploy_bot.pub',
      'cat deploy_bot.pub | spacectl ssh-key add --app deploy-bot --key-stdin --comment "CI runner" --json',
    )
    .action(action(ctx, async () => (await import('./add.js')).sshKeyAdd));

  ssh.command('list')
    .description('List the application\'s keys with SHA256 and MD5 fingerprints')
    .option('-a, --app <ref>', APP_HELP)
    .examples('spacectl ssh-key list --app deploy-bot', 'spacectl ssh-key list --app deploy-bot --json')
    .action(action(ctx, async () => (await import('./list.js')).sshKeyList));

  ssh.command('remove')
    .description('Remove a key by fingerprint (SHA256:… or MD5 hex); a key that is not there is not an error')
    .argument('[fingerprint]', 'SHA256:<base64> or MD5 aa:bb:…:ff (as ssh-keygen -l prints them)')
    .option('-a, --app <ref>', APP_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl ssh-key remove --app deploy-bot SHA256:lR99JF/aC5iIQ5YUAzsBLoUJ0Rr3L8xL5htMuZ1SfBg --yes',
      'spacectl ssh-key remove --app deploy-bot MD5:3b:a2:55:06:a3:5d:0c:e5:99:c6:5f:c2:9c:c7:91:54 --yes',
    )
    .action(action(ctx, async () => (await import('./remove.js')).sshKeyRemove));
}
