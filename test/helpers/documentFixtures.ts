import { crc32 } from 'node:zlib';

/** A one-page PDF whose lines are drawn in order, with Title and Author in its info dictionary; optionally "encrypted". */
export function makePdf(
	lines: readonly string[],
	options: { title?: string; author?: string; encrypted?: boolean } = {},
): Buffer {
	const escape = (text: string): string => text.replace(/[\\()]/gu, '\\$&');
	const stream = `BT /F1 11 Tf 14 TL 72 720 Td ${lines.map((line) => `(${escape(line)}) Tj T*`).join(' ')} ET`;
	const info = [
		options.title ? `/Title (${escape(options.title)})` : '',
		options.author ? `/Author (${escape(options.author)})` : '',
	].join(' ');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		`<< ${info} >>`,
		// A standard security handler whose check values match no password, as a protected file's do without its password.
		`<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`,
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	for (const [i, object] of objects.entries()) {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	}
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
	const encrypt = options.encrypted ? ` /Encrypt 7 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : '';
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** A zip archive with its entries stored uncompressed: enough for a .docx that Word and mammoth open. */
export function makeZip(entries: Readonly<Record<string, string>>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, text] of Object.entries(entries)) {
		const data = Buffer.from(text, 'utf8');
		const nameBytes = Buffer.from(name, 'utf8');
		// The fields a local header and its central-directory entry share: version needed … extra length.
		const shared = Buffer.alloc(26);
		shared.writeUInt16LE(20, 0);
		shared.writeUInt32LE(crc32(data), 10);
		shared.writeUInt32LE(data.length, 14);
		shared.writeUInt32LE(data.length, 18);
		shared.writeUInt16LE(nameBytes.length, 22);
		const signature = (value: number): Buffer => Buffer.from(Uint32Array.of(value).buffer);
		const header = Buffer.concat([signature(0x04034b50), shared]);
		const tail = Buffer.alloc(14);
		tail.writeUInt32LE(offset, 10);
		const central = Buffer.concat([signature(0x02014b50), Buffer.from([20, 0]), shared, tail]);
		locals.push(header, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += header.length + nameBytes.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(entries).length, 8);
	end.writeUInt16LE(Object.keys(entries).length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** A .docx holding one Word paragraph per string. */
export function makeDocx(paragraphs: readonly string[]): Buffer {
	const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`).join('');
	return makeZip({
		'[Content_Types].xml':
			'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
		'_rels/.rels':
			'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
		'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
	});
}
