export function gzipSize(file: string): number;
export function cdnSizes(): Record<string, { raw: number; gzip: number }>;
export function sizeReport(): string;
export function staticClosure(file: string, seen?: Set<string>): Set<string>;
export function closureGzipSize(file: string): number;
export function packageClosure(files: ReadonlyMap<string, string | Uint8Array>, file?: string, seen?: Set<string>): Set<string>;
