// Project-level testTimeout is not honoured for hooks; e2e stacks start real processes.
jest.setTimeout(120_000);
