export function gzipSize(file: string): number;
export function cdnSizes(): Record<string, { raw: number; gzip: number }>;
export function sizeReport(): string;
