import type { VNode } from 'preact';
import { MUTED, TONES } from '../charts/palette';

/** Small decorative icons (aria-hidden: a word always says the same thing beside them). */
function Icon({ size, children }: { size: number; children: VNode | VNode[] }): VNode {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const stroke = (color: string) =>
  ({
    fill: 'none',
    stroke: color,
    'stroke-width': 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
  }) as const;

export function WarningIcon({ size = 18 }: { size?: number }): VNode {
  return (
    <Icon size={size}>
      <path
        d="M12 3 L22 20 H2 Z"
        fill={TONES.at_risk.solid}
        stroke={TONES.at_risk.solid}
        stroke-linejoin="round"
        stroke-width="2"
      />
      <path d="M12 9.5 V14 M12 17 V17.01" {...stroke('#ffffff')} stroke-width="2.2" />
    </Icon>
  );
}

export function DecisionIcon({ size = 18 }: { size?: number }): VNode {
  return (
    <Icon size={size}>
      <circle cx="12" cy="12" r="10" fill={TONES.done.solid} />
      <path
        d="M9.2 9.3 a2.8 2.8 0 1 1 3.9 2.6 c-.7.3-1.1.9-1.1 1.6 v.6 M12 17 V17.01"
        {...stroke('#ffffff')}
        stroke-width="2.2"
      />
    </Icon>
  );
}

export function ArrowIcon({ size = 14 }: { size?: number }): VNode {
  return (
    <Icon size={size}>
      <path d="M4 12 H19 M13 6 L19 12 L13 18" {...stroke(MUTED)} stroke-width="2.4" />
    </Icon>
  );
}

function Badge({ color, soft, children }: { color: string; soft: string; children: VNode }): VNode {
  return (
    <svg
      class="icon simple__icon"
      width="48"
      height="48"
      viewBox="0 0 48 48"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="24" cy="24" r="24" fill={soft} />
      <g
        transform="translate(12 12)"
        fill="none"
        stroke={color}
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        {children}
      </g>
    </svg>
  );
}

export function LockIcon(): VNode {
  return (
    <Badge color={TONES.done.text} soft={TONES.done.soft}>
      <g>
        <rect x="5" y="11" width="14" height="10" rx="2" />
        <path d="M8 11 V7.5 a4 4 0 0 1 8 0 V11" />
        <path d="M12 15 V17" />
      </g>
    </Badge>
  );
}

export function ClockIcon(): VNode {
  return (
    <Badge color={TONES.neutral.text} soft={TONES.neutral.soft}>
      <g>
        <circle cx="12" cy="12" r="9" />
        <path d="M12 7 V12 L15.5 14" />
      </g>
    </Badge>
  );
}

export function LinkOffIcon(): VNode {
  return (
    <Badge color={TONES.neutral.text} soft={TONES.neutral.soft}>
      <g>
        <path d="M9 17 H7 a5 5 0 0 1 0-10 h2 M15 7 h2 a5 5 0 0 1 1.8 9.7" />
        <path d="M8 12 H11 M3 3 L21 21" />
      </g>
    </Badge>
  );
}

export function SearchIcon(): VNode {
  return (
    <Badge color={TONES.neutral.text} soft={TONES.neutral.soft}>
      <g>
        <circle cx="10.5" cy="10.5" r="6.5" />
        <path d="M15.5 15.5 L20 20" />
      </g>
    </Badge>
  );
}
