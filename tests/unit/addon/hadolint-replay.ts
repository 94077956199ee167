// A replay of the hadolint 2.14.0 rules (the version hadolint/hadolint-action@v3.3.0 runs) that can
// fire on homesec/Dockerfile, for the workflow's lint job: hadolint has no npm or Debian package.
// Sources: hadolint/hadolint v2.14.0 src/Hadolint/Rule/DL*.hs, src/Hadolint/Pragma.hs (ignore
// pragmas), src/Hadolint/Shell.hs (how RUN scripts go to ShellCheck). Where a rule has nuances the
// replay is stricter than hadolint (e.g. any ADD fails, any apk/pip/yum fails), so a Dockerfile it
// passes also passes hadolint; DL1000 parse errors are not modelled. Severities below "info" (style,
// ignore: DL1001, DL3048, DL3057) never fail the action's default failure-threshold (info).
import { spawnSync } from 'node:child_process';

export interface Finding {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

interface Instruction {
  readonly line: number;
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with continuation lines joined, and each line's ignore pragma (hadolint ignore=...). */
export function parseDockerfile(text: string): { instructions: Instruction[]; ignores: Map<number, Set<string>> } {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  const ignores = new Map<number, Set<string>>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      // Pragma.hs: "# hadolint ignore=DL1,DL2 [# reason]" covers the instruction on the next line.
      const pragma = /^#\s*hadolint\s+ignore\s*=\s*([DLSC0-9]+(?:\s*,\s*[DLSC0-9]+)*)\s*(?:#.*)?$/.exec(trimmed);
      if (pragma?.[1]) ignores.set(i + 2, new Set(pragma[1].split(',').map((c) => c.trim())));
      continue;
    }
    const start = i;
    let body = raw;
    while (body.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (next.trim().startsWith('#')) continue; // comments inside a continued instruction are dropped
      body = body.trimEnd().slice(0, -1) + ' ' + next.trim();
    }
    const match = /^(\S+)\s*(.*)$/s.exec(body.trim());
    if (match?.[1]) instructions.push({ line: start + 1, keyword: match[1].toUpperCase(), args: match[2] ?? '' });
  }
  return { instructions, ignores };
}

/** Commands of a RUN script split on && || ; | (enough for the rules below: no nested shells). */
function commands(script: string): string[][] {
  return script
    .split(/&&|\|\||;|\||\bthen\b|\bdo\b|\belse\b/)
    .map((c) => c.trim().split(/\s+/).filter(Boolean))
    .filter((c) => c.length > 0)
    .map((c) => (c[0] === 'if' || c[0] === 'while' || c[0] === '!' ? c.slice(1) : c));
}

const BANNED_COMMANDS: Record<string, string> = {
  sudo: 'DL3004 Do not use sudo',
  apt: 'DL3027 Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead',
  apk: 'DL3018/DL3019 (apk: pin versions, use --no-cache) - not used here',
  pip: 'DL3013/DL3042 (pip) - not used here',
  pip3: 'DL3013/DL3042 (pip) - not used here',
  gem: 'DL3028 (gem) - not used here',
  yum: 'DL3032/DL3033 (yum) - not used here',
  dnf: 'DL3040/DL3041 (dnf) - not used here',
  microdnf: 'DL3038 (microdnf) - not used here',
  zypper: 'DL3034/DL3036/DL3037 (zypper) - not used here',
  wget: 'DL3047/DL4001 (wget) - not used here',
  useradd: 'DL3046 (useradd) - not used here',
  ssh: 'DL3001 For some bash commands it makes no sense running them in a Docker container',
  vim: 'DL3001',
  shutdown: 'DL3001',
  service: 'DL3001',
  top: 'DL3001',
  ps: 'DL3001',
  free: 'DL3001',
  kill: 'DL3001',
  mount: 'DL3001',
};

/** Every finding at severity info or above, less the workflow's `ignore` list and the pragmas. */
export function lintDockerfile(text: string, ignore: readonly string[]): Finding[] {
  const { instructions, ignores } = parseDockerfile(text);
  const found: Finding[] = [];
  const fail = (line: number, code: string, message: string): void => {
    if (!ignore.includes(code) && !ignores.get(line)?.has(code)) found.push({ line, code, message });
  };
  const aliases = new Set<string>();
  let stage: { alias: string | null; pipefail: boolean; workdir: boolean; shell: string; healthchecks: number } | null = null;
  const vars = new Set<string>();
  let previousRun = false;
  let lastUser: string | null = null;
  if (instructions[0] && !['FROM', 'ARG'].includes(instructions[0].keyword))
    fail(instructions[0].line, 'DL3061', 'Invalid instruction order. Dockerfile must begin with FROM, ARG or comment.');

  for (const ins of instructions) {
    const { line, keyword, args } = ins;
    if (keyword === 'FROM') {
      const words = args.split(/\s+/);
      if (words.some((w) => w.startsWith('--platform'))) fail(line, 'DL3029', 'Do not use --platform flag with FROM');
      const image = words.find((w) => !w.startsWith('--')) ?? '';
      const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
      const alias = asAt >= 0 ? (words[asAt + 1] ?? null) : null;
      const [, name = image, tag] = /^(.*?)(?::([^:/@]+))?(?:@.*)?$/.exec(image) ?? [];
      const digest = image.includes('@');
      // DL3006 (v2.14.0): untagged, not scratch, no digest, name not `$`-prefixed nor an earlier alias.
      if (!tag && !digest && name !== 'scratch' && !name.startsWith('$') && !aliases.has(name))
        fail(line, 'DL3006', 'Always tag the version of an image explicitly');
      if (tag === 'latest') fail(line, 'DL3007', 'Using latest is prone to errors if the image will ever update.');
      if (alias && aliases.has(alias)) fail(line, 'DL3024', 'FROM aliases (stage names) must be unique');
      if (alias) aliases.add(alias);
      stage = { alias, pipefail: false, workdir: false, shell: '/bin/sh -c', healthchecks: 0 };
      previousRun = false;
      continue;
    }
    if (!stage) continue;
    if (keyword === 'ARG' || keyword === 'ENV') {
      for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)) if (m[1]) vars.add(m[1]);
      if (keyword === 'ENV') {
        const defined = [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]);
        if (defined.some((v) => new RegExp(`\\$\\{?${v}\\b`).test(args)))
          fail(line, 'DL3044', 'Do not refer to an environment variable within the same ENV statement where it is defined.');
      }
    }
    if (keyword === 'SHELL') {
      const shell = (JSON.parse(args) as string[]).join(' ');
      stage.shell = shell;
      stage.pipefail = /-o pipefail/.test(shell);
    }
    if (keyword === 'WORKDIR') {
      stage.workdir = true;
      if (!/^["']?(\/|\$|[A-Za-z]:)/.test(args)) fail(line, 'DL3000', 'Use absolute WORKDIR');
    }
    if (keyword === 'USER') lastUser = args.trim();
    if (keyword === 'MAINTAINER') fail(line, 'DL4000', 'MAINTAINER is deprecated');
    if (keyword === 'ADD') fail(line, 'DL3020', 'Use COPY instead of ADD for files and folders');
    if (keyword === 'ONBUILD') fail(line, 'DL3043', 'ONBUILD is not used here');
    if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !args.trim().startsWith('['))
      fail(line, 'DL3025', 'Use arguments JSON notation for CMD and ENTRYPOINT arguments');
    if (keyword === 'HEALTHCHECK' && ++stage.healthchecks > 1) fail(line, 'DL3012', 'Multiple `HEALTHCHECK` instructions');
    if (keyword === 'COPY') {
      const words = args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      if (from !== undefined && !aliases.has(from))
        fail(line, 'DL3022', '`COPY --from` should reference a previously defined `FROM` alias');
      if (from !== undefined && from === stage.alias) fail(line, 'DL3023', '`COPY --from` cannot reference its own `FROM` alias');
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths[paths.length - 1] ?? '';
      if (paths.length > 2 && !dest.endsWith('/'))
        fail(line, 'DL3021', 'COPY with more than 2 arguments requires the last argument to end with /');
      if (!stage.workdir && !/^["']?(\/|\$)/.test(dest)) fail(line, 'DL3045', '`COPY` to a relative destination without `WORKDIR` set.');
    }
    if (keyword === 'RUN') {
      // DL3059 (stricter than v2.14.0, which allows chains of few commands): no two RUNs in a row.
      if (previousRun) fail(line, 'DL3059', 'Multiple consecutive `RUN` instructions. Consider consolidation.');
      const script = args;
      const cmds = commands(script);
      for (const cmd of cmds) {
        const [exe = '', sub = ''] = cmd;
        if (exe === 'cd') fail(line, 'DL3003', 'Use WORKDIR to switch to a directory');
        const banned = BANNED_COMMANDS[exe];
        if (banned) fail(line, banned.slice(0, 6), banned);
        if (exe === 'npm' && sub === 'install') fail(line, 'DL3016', 'Pin versions in npm (npm ci is used here)');
        if (exe === 'apt-get' && sub === 'install') {
          if (!cmd.some((w) => ['-y', '--yes', '--assume-yes', '-qq', '-q=2'].includes(w)))
            fail(line, 'DL3014', 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`');
          if (!cmd.includes('--no-install-recommends'))
            fail(line, 'DL3015', 'Avoid additional packages by specifying `--no-install-recommends`');
          if (!/rm -rf \/var\/lib\/apt\/lists\/\*/.test(script))
            fail(line, 'DL3009', 'Delete the apt-get lists after installing something');
          const unpinned = cmd.slice(2).filter((w) => !w.startsWith('-') && !w.includes('='));
          if (unpinned.length > 0) fail(line, 'DL3008', 'Pin versions in apt get install.');
        }
      }
      if (/[^|]\|[^|]/.test(script) && !stage.pipefail)
        fail(line, 'DL4006', 'Set the SHELL option -o pipefail before RUN with a pipe in it.');
      for (const f of shellcheck(script, stage.shell, vars)) fail(line, f.code, f.message);
      previousRun = true;
      continue;
    }
    previousRun = false;
  }
  if (lastUser === 'root') fail(instructions.at(-1)?.line ?? 0, 'DL3002', 'Last USER should not be root');
  return found;
}

/** Shell.hs: "#!<shell>" + "export VAR=1" for each ARG/ENV + the script; SC2187, SC1090, SC1091 excluded. */
function shellcheck(script: string, shell: string, vars: ReadonlySet<string>): Finding[] {
  const exe = shell.split(/\s+/)[0] ?? '/bin/sh';
  const text = `#!${exe}\n${[...vars].map((v) => `export ${v}=1`).join('\n')}\n${script}\n`;
  const run = spawnSync('shellcheck', ['--format=json1', '--severity=info', '--exclude=2187,1090,1091', '-'], {
    input: text,
    encoding: 'utf8',
  });
  if (run.error) throw new Error(`shellcheck is missing (apt-get install shellcheck): ${run.error.message}`);
  const parsed = JSON.parse(run.stdout || '{"comments":[]}') as { comments: { code: number; message: string }[] };
  return parsed.comments.map((c) => ({ line: 0, code: `SC${c.code}`, message: c.message }));
}
