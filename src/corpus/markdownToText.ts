import type { ArticleFields } from './formats/types.ts';

/** What a Markdown file's front matter and body give. */
export type MarkdownArticle = Pick<ArticleFields, 'text' | 'title' | 'publisher' | 'date' | 'url' | 'authors'>;

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/u;

function frontMatterValue(block: string, ...keys: string[]): string | undefined {
	for (const key of keys) {
		const match = new RegExp(`^${key}:\\s*(.+)$`, 'imu').exec(block);
		const value = match?.[1]?.trim().replace(/^["']|["']$/gu, '');
		if (value) return value;
	}
	return undefined;
}

/** Reduces Markdown to plain paragraphs: front matter and a leading `# heading` become metadata, markup is dropped. */
export function markdownToText(markdown: string): MarkdownArticle {
	let source = markdown.replace(/\r\n?/gu, '\n');
	const front = FRONT_MATTER.exec(source);
	source = front ? source.slice(front[0].length) : source;
	const block = front?.[1] ?? '';
	let title = frontMatterValue(block, 'title');
	const heading = /^\s*#\s+(.+)$/mu.exec(source);
	if (heading?.[1] && source.slice(0, heading.index).trim() === '') {
		title ??= heading[1].trim();
		source = source.slice(heading.index + heading[0].length);
	}
	const text = source
		.replace(/```[\s\S]*?```/gu, '')
		.replace(/!\[[^\]]*\]\([^)]*\)/gu, '')
		.replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
		.replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)/gmu, '')
		.replace(/(\*\*|__)(.+?)\1/gu, '$2')
		.replace(/(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])/gu, '$2')
		.replace(/`([^`]+)`/gu, '$1')
		.replace(/^\s*(?:[-*_]\s*){3,}$/gmu, '')
		// Soft-wrapped lines belong to one paragraph; blank lines separate paragraphs.
		.replace(/([^\n])\n(?=[^\n])/gu, '$1 ');
	const date = frontMatterValue(block, 'date', 'published');
	const publisher = frontMatterValue(block, 'publisher', 'source', 'site');
	const url = frontMatterValue(block, 'url', 'link', 'canonical');
	const authors = frontMatterValue(block, 'authors', 'author', 'byline')
		?.split(/\s*(?:[,;]|\band\b)\s*/u)
		.filter(Boolean);
	return {
		text,
		...(title ? { title } : {}),
		...(publisher ? { publisher } : {}),
		...(date ? { date } : {}),
		...(url ? { url } : {}),
		...(authors?.length ? { authors } : {}),
	};
}
