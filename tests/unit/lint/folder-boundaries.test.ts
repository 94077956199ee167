import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';

/** Lints `code` as if it were the file at `path` with the project's own config (type-aware rules off: the file does not exist). */
async function boundaryProblems(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: REPO_DIR,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: `${REPO_DIR}/${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('folder boundaries (eslint.config.js, run by npm test)', () => {
  it('keeps sources away from detection, the VLM and events', async () => {
    // Given a source that reaches for the detector, the analyzer or the event service directly
    for (const target of ['../../detect/onnx-detector.js', '../../analyze/openai-analyzer.js', '../../events/live/live-watch.js']) {
      // When it is linted, Then the boundary rule refuses it
      const problems = await boundaryProblems(
        'server/src/sources/rtsp/new-part.ts',
        `import { x } from '${target}';\nexport const y = x;\n`,
      );
      expect(problems, target).toHaveLength(1);
      expect(problems[0]).toMatch(/a source records and reports/);
    }
    // And a port from core/ is fine
    expect(
      await boundaryProblems(
        'server/src/sources/rtsp/new-part.ts',
        `import type { LiveCamera } from '../../core/live-camera.js';\nexport type Y = LiveCamera;\n`,
      ),
    ).toEqual([]);
  });

  it('keeps core/ the ground floor, types included', async () => {
    // Given a core file importing a type from logging/ (as five did before)
    const problems = await boundaryProblems(
      'server/src/core/new-port.ts',
      `import type { DbLogSink } from '../logging/db-log-sink.js';\nexport type Y = DbLogSink;\n`,
    );
    // Then it is refused; an import within core/ is not
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ground floor/);
    expect(
      await boundaryProblems('server/src/core/new-port.ts', `import type { Clip } from './clip.js';\nexport type Y = Clip;\n`),
    ).toEqual([]);
  });
});
