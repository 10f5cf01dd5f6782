// Types of mutation/scope.mjs (plain JavaScript, so that stryker.config.mjs can import it too).
export declare const scope: { mutate: string[]; tests: string[] }[];
export declare const selected: { mutate: string[]; tests: string[] }[];
export declare const mutate: string[];
export declare const tests: string[];
export declare const incrementalFile: string;
