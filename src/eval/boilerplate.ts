/**
 * Page furniture of the seed corpus, listed independently of the cleaner so that evaluation checks the
 * cleaner rather than repeating it: none of these may appear in an indexed passage or an answer.
 */
export const BOILERPLATE_PHRASES = [
	'Advertisement',
	'This advertisement has not loaded yet',
	'THIS CONTENT IS RESERVED FOR SUBSCRIBERS',
	'Subscribe now to read',
	'SUBSCRIBE TO UNLOCK',
	'REGISTER / SIGN IN',
	'Create an account or sign in',
	'THIS ARTICLE IS FREE TO READ',
	'Top Stories',
	'Get the latest headlines, breaking news and columns',
	'By signing up you consent',
	'Thanks for signing up',
	'A welcome email is on its way',
	'will soon be in your inbox',
	'We encountered an issue signing you up',
	'Article content',
	'Share this article',
	'Getty Images',
] as const;

/** The boilerplate phrases a text contains. */
export function boilerplateIn(text: string): string[] {
	return BOILERPLATE_PHRASES.filter((phrase) => text.includes(phrase));
}
