// Why: spending (bytes written to disk) is allowed at a steady rate with a burst allowance; the caller learns how long to wait
// instead of spending more. The clock is injectable so tests need no real time.
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;

  constructor(ratePerSecond: number, burst = ratePerSecond, now: () => number = () => performance.now()) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.updatedAt = now();
  }

  // Why: takes `amount` if it is there and answers 0; otherwise takes nothing and answers the milliseconds until it will be.
  take(amount: number): number {
    // An amount larger than the burst is allowed once the bucket is full, so a big batch is never refused forever.
    this.refill();
    const needed = Math.min(amount, this.burst);
    if (this.tokens >= needed) {
      this.tokens -= amount;
      return 0;
    }
    return Math.ceil(((needed - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
