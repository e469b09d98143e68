// Taro's H5 build defines TARO_ENV as 'h5'; the library picks its transport from it.
process.env.TARO_ENV = 'h5'
