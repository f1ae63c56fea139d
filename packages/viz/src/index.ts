/**
 * @seq2seq/viz: pictures of what recurrent networks do, from plain arrays and labels. Each
 * picture has an SVG string form (Node), a DOM renderer (browser, with hover, touch and keyboard)
 * and, for the attention matrix, coloured text and point sets, a terminal form. No TensorFlow.js dependency.
 */
export { VizError } from './errors';
export type { Matrix, Numbers } from './validate';
export { colorScale, divergingColor, hex, luminance, sequentialColor, textColorOn } from './color';
export type { ColorScale, ColorScaleKind, Rgb } from './color';
export { colorLegendSvg } from './color-legend';
export type { ColorLegendOptions } from './color-legend';
export { formatTick, linearTicks, logTicks } from './ticks';
export { measureText, truncateText } from './text';
export type { Box, PictureHandle } from './dom';
export { attentionCellAt, attentionSvg, describeAttentionCell, layoutAttention, renderAttention } from './attention';
export type { AttentionCell, AttentionData, AttentionHandle, AttentionLayout, AttentionOptions, PlacedLabel } from './attention';
export { attentionToTerminal, TERMINAL_SHADES } from './terminal';
export type { TerminalAttentionOptions } from './terminal';
export { curvesSvg, layoutCurves, renderCurves, SERIES_COLORS } from './curves';
export type { CurvePath, CurveSeries, CurvesHandle, CurvesLayout, CurvesOptions } from './curves';
export { coloredTextSvg, coloredTextToTerminal, layoutColoredText, renderColoredText } from './colored-text';
export type { ColoredTextData, ColoredTextLayout, ColoredTextOptions } from './colored-text';
export { gateTracesSvg, layoutGateTraces, renderGateTraces, softBranch } from './gates';
export type { GateRow, GateTraceData, GateTraceLayout, GateTraceOptions } from './gates';
export { layoutSaliency, renderSaliency, saliencySvg } from './saliency';
export type { SaliencyData, SaliencyLayout, SaliencyOptions } from './saliency';
export { layoutPointSet, POINT_SET_COLORS, pointSetDataAt, pointSetSvg, renderPointSet } from './points';
export type { PointAnswer, PointSetData, PointSetHandle, PointSetLayout, PointSetOptions } from './points';
export { dependencyArcsSvg, describeDependencyWord, layoutDependencyArcs, renderDependencyArcs } from './dependency-arcs';
export type { DependencyArcsData, DependencyArcsLayout, DependencyArcsOptions, PlacedArc } from './dependency-arcs';
export { pointSetToTerminal, TERMINAL_POINT_GLYPHS } from './points-terminal';
export type { TerminalPointSetOptions } from './points-terminal';
