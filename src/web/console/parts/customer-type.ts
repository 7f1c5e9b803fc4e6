/** The two kinds of customer, as the create and edit forms offer them (API.md: adult-use 21+, medical 18+ with a card). */
export const CUSTOMER_TYPE_CHOICES = [
  ['adult', 'Adult use (21+)'],
  ['medical', 'Medical patient (18+, with a card)'],
] as const;
