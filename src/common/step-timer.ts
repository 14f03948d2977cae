/** Times the steps of long work for one log line ("staged 2.1 s, stored 3.4 s, detected 2.2 s"). */
export class StepTimer {
  private last = performance.now();
  private readonly steps: Array<[string, number]> = [];

  mark(step: string): void {
    const now = performance.now();
    this.steps.push([step, now - this.last]);
    this.last = now;
  }

  summary(): string {
    return this.steps.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(2)} s`).join(', ');
  }
}
