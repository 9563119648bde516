import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonLines, writeJsonLines } from '../../src/store/jsonLines.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

describe('JSON lines', () => {
	it('reads back what it wrote, one value per line, across many parse slices', async () => {
		const values = Array.from({ length: 5_000 }, (_, i) => ({
			id: i,
			text: `line ${i}\nwith a break ${'x'.repeat(400)}`,
		}));
		const file = path.join(await dirs.make(), 'values.jsonl');
		await writeJsonLines(file, values);
		const text = await readFile(file, 'utf8');
		expect(text.split('\n')).toHaveLength(values.length + 1);
		expect(await parseJsonLines(text)).toEqual(values);
	});

	it('names the line that is not valid JSON', async () => {
		await expect(parseJsonLines('{"a":1}\n{"a":\n')).rejects.toThrow(/line 2 is not valid JSON/u);
	});
});
