// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), since Jest's own summary
// is not one of the formats it recognises.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numFailedTestSuites - results.numFailedTests > 0 ? results.numRuntimeErrorTestSuites : 0;
    const failed = results.numFailedTests + failedSuites;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
