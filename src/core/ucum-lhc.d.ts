// Minimal typing of the part of @lhncbc/ucum-lhc the core uses (the package ships no types).
declare module '@lhncbc/ucum-lhc' {
  interface ConvertResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  interface UcumLhcUtils {
    convertUnitTo(fromUnit: string, fromVal: number, toUnit: string): ConvertResult;
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}

// The package's CommonJS entry by path: the browser loads it on demand (src/app/ucum-on-demand.ts).
declare module '@lhncbc/ucum-lhc/source-cjs/ucumLhcUtils.js' {
  import ucum from '@lhncbc/ucum-lhc';
  export const UcumLhcUtils: (typeof ucum)['UcumLhcUtils'];
}
