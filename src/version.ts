/** pathway-kit's version (package.json's; a test keeps the two equal). Stamps of validated models name it. */
export const VERSION = '0.1.0';
