import type { Health } from '../../domain/summary/types';

/**
 * One palette for the charts (SVG presentation attributes) and the page's style block, so a health reads
 * the same everywhere. Text colours keep at least 4.5:1 on their soft background; health is never shown by
 * colour alone (every use pairs it with a word and a shape).
 */
export type Tone = Health | 'neutral';

export interface ToneColors {
  /** Bars, markers, icons. */
  solid: string;
  /** Text on `soft` or on white. */
  text: string;
  /** Badge and callout backgrounds, light fills. */
  soft: string;
}

export const TONES: Record<Tone, ToneColors> = {
  done: { solid: '#0969da', text: '#0550ae', soft: '#ddf4ff' },
  on_track: { solid: '#2da44e', text: '#116329', soft: '#dafbe1' },
  at_risk: { solid: '#d4a72c', text: '#7d4e00', soft: '#fff8c5' },
  late: { solid: '#cf222e', text: '#a40e26', soft: '#ffebe9' },
  neutral: { solid: '#8c959f', text: '#59636e', soft: '#eaeef2' },
};

export const INK = '#1f2328';
export const MUTED = '#59636e';
export const LINE = '#d1d9e0';
export const GRID = '#e6eaef';
export const TRACK = '#eaeef2';
export const ACCENT = '#0969da';
export const PAPER = '#ffffff';
