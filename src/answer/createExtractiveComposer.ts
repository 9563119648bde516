import { createTextAnalyser, type TextAnalyser } from '../text/analyseText.ts';
import { AnswerabilityModel } from './AnswerabilityModel.ts';
import type { TermStats } from './candidateFeatures.ts';
import { ExtractiveComposer } from './ExtractiveComposer.ts';

/** What the extractive composer reads with: loaded once per process and shared by every index it serves. */
export interface ReadingParts {
	readonly analyser: TextAnalyser;
	readonly model: AnswerabilityModel;
}

/** @throws AppError('MODEL_INVALID') when the shipped answerability model does not fit this version. */
export function loadReadingParts(): ReadingParts {
	return { analyser: createTextAnalyser(), model: AnswerabilityModel.load() };
}

/** The default composer over one index: its term statistics weigh the question's words. */
export function createExtractiveComposer(
	index: { readonly lexical: TermStats },
	parts: ReadingParts = loadReadingParts(),
): ExtractiveComposer {
	return new ExtractiveComposer(index.lexical, parts.analyser, parts.model);
}
