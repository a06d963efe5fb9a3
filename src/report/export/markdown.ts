import { renderRunMarkdown } from '../markdown.js';
import type { Exporter } from './index.js';

export const markdown: Exporter = {
  format: 'markdown',
  description: 'Markdown tables for pull-request comments and job summaries: median [95% interval] per cell, ratios, warnings',
  extension: 'md',
  render: renderRunMarkdown,
};
