/** A segment as `GET /segments` answers it (API.md "Tags, segments, analytics, policies"). */
export interface Segment {
  id: string;
  name: string;
  description: string | null;
  filter: Record<string, string>;
  count: number;
  prebuilt: boolean;
}
