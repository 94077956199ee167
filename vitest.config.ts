import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests run real ffmpeg, ONNX Runtime, brokers and databases.
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Makes the test footage once (from opencv-doc's vtest.avi and ffmpeg) before the workers start.
    globalSetup: ['./tests/support/fixtures-setup.ts'],
    env: { ORT_DISABLE_TELEMETRY: '1' },
  },
});
