/**
 * The champion's colour, one token (`--champion` in index.css, light and dark) for every place
 * that marks the champion: chart bars and lines, the drawer, badges, the winner card.
 */
export const CHAMPION_COLOR = 'var(--champion)'
