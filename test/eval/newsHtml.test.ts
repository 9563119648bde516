import { describe, expect, it } from 'vitest';
import { evaluateNewsHtml, NEWS_HTML_DIR } from '../../src/eval/newsHtml.ts';

describe('news-html benchmark: 30 real article pages ingested in place from ../shared', () => {
	it('keeps the article text, leaves out page furniture, and keeps author, date and URL', async () => {
		const report = await evaluateNewsHtml(NEWS_HTML_DIR);
		expect(report.pages).toHaveLength(30);
		expect(report.meanRecall).toBeGreaterThanOrEqual(0.95);
		expect(report.meanFurniture).toBeLessThanOrEqual(0.03);
		expect(report.pages.filter((page) => page.recall < 0.8).map((page) => page.page)).toEqual([]);
		for (const [kept, stated] of [report.author, report.date, report.url]) {
			expect(stated).toBeGreaterThan(0);
			expect(kept / stated).toBeGreaterThanOrEqual(0.9);
		}
	}, 120_000);
});
