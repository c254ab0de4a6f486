/* The plans the reference intake accepts: held in memory, as the product's catalog cache (refreshed every 30 s) is. */
export const BUSINESS_PLANS = new Set([
  'CFQ7TTC0LH18:0001:CFQ7TTC0K971|P1Y|monthly',
  'CFQ7TTC0LH18:0001:CFQ7TTC0K971|P1Y|annual',
  'CFQ7TTC0LH18:0001:CFQ7TTC0K971|P1M|monthly',
]);
