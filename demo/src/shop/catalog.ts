/** A product of the demo shop's fixed catalog; prices in euro cents so sums stay exact. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly priceCents: number;
}

export const CURRENCY = 'EUR';

export const CATALOG: readonly Product[] = Object.freeze([
  { id: 'p-100', name: 'Espresso beans 1 kg', category: 'coffee', priceCents: 2490 },
  { id: 'p-101', name: 'Filter coffee 500 g', category: 'coffee', priceCents: 1190 },
  { id: 'p-102', name: 'Decaf beans 250 g', category: 'coffee', priceCents: 790 },
  { id: 'p-200', name: 'Pour-over kettle', category: 'equipment', priceCents: 5900 },
  { id: 'p-201', name: 'Hand grinder', category: 'equipment', priceCents: 8900 },
  { id: 'p-202', name: 'Espresso machine', category: 'equipment', priceCents: 49900 },
  { id: 'p-203', name: 'Digital scale', category: 'equipment', priceCents: 3490 },
  { id: 'p-300', name: 'Paper filters (100)', category: 'accessories', priceCents: 590 },
  { id: 'p-301', name: 'Ceramic mug', category: 'accessories', priceCents: 1490 },
  { id: 'p-302', name: 'Travel tumbler', category: 'accessories', priceCents: 2290 },
]);

const byId = new Map(CATALOG.map((p) => [p.id, p]));

export function findProduct(id: string): Product | undefined {
  return byId.get(id);
}
