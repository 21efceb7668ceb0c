import mermaid from 'mermaid';

// The real mermaid parser (mermaid 11, which runs on Node 20 without a DOM): parse a
// sequence diagram and read back what it understood.

export interface ParsedSequence {
  actors: string[];
  messages: { from: string; to: string; message: string; type: number }[];
}

interface SequenceDb {
  getActors(): Map<string, { description: string }>;
  getMessages(): { from: string; to: string; message: string; type: number }[];
}

export async function parseSequence(source: string): Promise<ParsedSequence> {
  const result = await mermaid.parse(source);
  if (!result || result.diagramType !== 'sequence') throw new Error(`not a sequence diagram: ${JSON.stringify(result)}`);
  const api = (mermaid as unknown as { mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: SequenceDb }> } }).mermaidAPI;
  const { db } = await api.getDiagramFromText(source);
  return { actors: [...db.getActors().values()].map((a) => a.description), messages: db.getMessages() };
}

/** The body of every ```mermaid fence in a markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}
